package dev.shaperemote.wire;

/**
 * The names the transports of the wire protocol agree on (WIRE.md section 10), in one place for the
 * worker that serves them and the client that sends them.
 */
public final class WireHttp {
    private WireHttp() {}

    /** The media type of a request or response stream. */
    public static final String MEDIA_TYPE = "application/x-shape-wire";

    /** The HTTP header that names a connection (and so its blob cache). */
    public static final String CONNECTION_HEADER = "Shape-Connection";

    /** The JMS message property that names a connection, as the header does on HTTP. */
    public static final String CONNECTION_PROPERTY = "ShapeConnection";
}
