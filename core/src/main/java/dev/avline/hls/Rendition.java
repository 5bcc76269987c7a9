package dev.avline.hls;

/**
 * An alternate rendition of a master playlist ({@code EXT-X-MEDIA}).
 *
 * @param type AUDIO, VIDEO, SUBTITLES or CLOSED-CAPTIONS
 * @param groupId GROUP-ID
 * @param name NAME
 * @param language LANGUAGE, or null
 * @param isDefault DEFAULT=YES
 * @param autoselect AUTOSELECT=YES
 * @param uri its media playlist, absolute; null when its media is in the variant's own segments
 */
record Rendition(String type, String groupId, String name, String language, boolean isDefault, boolean autoselect,
                 String uri) {
}
