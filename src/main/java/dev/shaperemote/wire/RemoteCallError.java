package dev.shaperemote.wire;

import java.util.Map;

/**
 * The {@code Err} side of a call result (WIRE.md section 9). {@code kind} is a RemoteErrorKind name
 * kept as a string here: the remote layer owns the enum, and a newer peer's kind must still decode.
 *
 * @param details plain data (see {@link PlainCodec}), or null
 */
public record RemoteCallError(String message, String kind, Map<Object, Object> details) {}
