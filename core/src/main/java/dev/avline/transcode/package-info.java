/**
 * Transcoding, run like FFmpeg 7's CLI: {@link dev.avline.transcode.Transcode} splits the work into
 * stages on their own threads (demux, one decoder, filter graph and encoder per stream, the muxer),
 * joined by small bounded queues of pre-allocated packets and frames handed over by reference.
 *
 * <pre>{@code
 * TranscodeSettings settings = TranscodeSettings.builder()
 *         .video(VideoSettings.h264().crf(23).gop(60))          // libx264 ultrafast/baseline
 *         .audio(AudioSettings.aac().loudnorm(Loudnorm.ebuR128()))
 *         .hardware(Hardware.auto())                              // probe, fall back to software
 *         .build();                                               // bad values fail here, by name
 * try (Recording r = Avline.transcode(Input.url(url), Output.file(path), settings)
 *         .statsPeriod(Duration.ofSeconds(1)).onProgress(p -> show(p)).onEvent(e -> log(e)).start()) {
 *     RecordingResult result = r.await();
 * }
 * }</pre>
 *
 * <h2>Timing</h2>
 * Video frames keep their timestamps (no frame is duplicated or dropped to reach a constant rate),
 * rescaled into the encoder's time base. The input is put on one timeline starting at zero, with
 * one offset for all streams, so A/V sync is kept. The AAC encoder puts 1024 samples of priming
 * before the first real sample (21.3 ms at 48 kHz): in MPEG-TS the first audio timestamp is that
 * much before the video's, as with the CLI.
 *
 * <h2>Loudness normalisation and its delay</h2>
 * Dynamic {@code loudnorm} (one pass) takes in 3 s of audio before its first output frame; measured
 * here at 3.008 s (the {@link dev.avline.events.FilterDelay} event reports it per stream). It stamps
 * its output with the time of its first input, so the output is in sync: the start and end A/V
 * offsets measured with and without loudnorm are identical (-42.7 ms start, of which 21.3 ms is the
 * input's own priming and 21.3 ms the new; end offset equal to the input's). What the 3 s cost is
 * latency: live, the audio leaves the filter 3 s after the video, and the muxer holds the video
 * that long to interleave (its limit is 10 s). Two things are fixed around it: gaps in the input
 * audio are filled with {@code aresample=async=1} before it (loudnorm counts samples and would lose
 * sync at a gap), and its last frame, which it stamps late when the input does not end on a 100 ms
 * block, is re-stamped so the audio ends with the video. Two-pass linear mode
 * ({@link dev.avline.transcode.Loudnorm#withTwoPass(boolean)}, files only) measures with
 * {@code ebur128} first and then applies one constant gain, with no hold at all.
 *
 * <h2>Ladders</h2>
 * {@link dev.avline.transcode.Ladder} and {@link dev.avline.transcode.LadderTranscode} ({@code Avline.ladder}):
 * the video is decoded once and handed to every rendition by reference ({@code FanOutStage}),
 * each rendition is scaled, encoded and muxed on threads of its own, and the audio is encoded once
 * and muxed into every rendition. Keyframes are forced at every segment boundary and nowhere else
 * ({@code KeyframeSchedule}: scene cuts off, the GOP twice a segment), so the
 * {@code hls} muxers cut every rendition at the same frames.
 *
 * <h2>Adaptation and two-pass</h2>
 * {@link dev.avline.transcode.Adaptation} (a live transcode or ladder) steps down a ladder of measures
 * when the encoders cannot keep up, and back up with room; {@code Adapter} decides,
 * {@code AdaptStage} samples and applies, {@code EncodeStage}
 * re-opens its encoder at the boundary (DTS kept strictly increasing). Two-pass
 * ({@link dev.avline.transcode.TranscodeSettings.Builder#twoPass}) runs the same pipeline twice: the
 * first into FFmpeg's null muxer writing x264's statistics (and measuring loudness), the second for real.
 *
 * <h2>Hardware</h2>
 * See {@link dev.avline.hw.HwPlanner}: devices and encoders are probed for real (successes kept,
 * failures retried after a back-off); the device is the process's shared one
 * ({@link dev.avline.hw.SharedDevices}), held by the job until it ends. Each stage falls back on its
 * own (hw decode + hw encode → hw decode + software encode → software), each step reported as a
 * {@link dev.avline.events.Fallback}. GPU frames stay on the GPU when the encoder takes them
 * ({@code h264_nvenc}, {@code h264_vaapi}: the decoder's surfaces go to the encoder as they are), are
 * scaled/deinterlaced on the GPU before a single download when the encoder is software, and FFmpeg's
 * silent fallback to software decoding is caught by checking the first frame's format. Mid-stream,
 * a failing hardware encoder is replaced by the software one ({@code EncodeStage.Rescue}), a decoder
 * failing on the device by software decoding from the next keyframe ({@code DecodeStage.Rescue}), and
 * a GPU filter graph that fails before its first output by software filters.
 */
package dev.avline.transcode;
