/**
 * What happens to a job, as typed events ({@link dev.avline.events.Event}, given to an
 * {@link dev.avline.events.EventListener} and kept in the result): a {@code gap} or {@code reconnect}
 * of a live recording, a hardware {@code fallback}, a {@code discontinuity}, an {@code adapt} step, …
 * Each has a {@code kind()} and plain {@code details()} for logs and JSON. All of it is API.
 */
package dev.avline.events;
