package io.ferrymq.remoting;

import io.netty.buffer.ByteBuf;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request or response of the remoting protocol: header fields, free-form {@code extFields} (the typed
 * per-request header, see {@link CommandHeader}) and a body.
 *
 * <p>Not thread-safe: a command is built by one thread and then handed to the transport.
 *
 * <p>The body is either a byte array, or (for zero-copy responses such as pulls that ship stored messages) a
 * Netty {@link ByteBuf} whose ownership passes to the transport when the command is written.
 */
public final class RemotingCommand {
    /** Flag bit 0: the frame is a response. */
    public static final int FLAG_RESPONSE = 1;
    /** Flag bit 1: the request is oneway and must never be answered. */
    public static final int FLAG_ONEWAY = 1 << 1;
    /** Version ordinal we announce: RocketMQ V5_3_3, what the 5.3.3 client sends (clients compare against it). */
    public static final int CURRENT_VERSION = 479;

    private static final AtomicInteger NEXT_OPAQUE = new AtomicInteger();

    private int code;
    private LanguageCode language = LanguageCode.JAVA;
    private int version = CURRENT_VERSION;
    private int opaque;
    private int flag;
    private String remark;
    private Map<String, String> extFields;
    private byte[] body;
    private ByteBuf bodyBuffer;
    private SerializeType serializeType = SerializeType.JSON;
    /** Monotonic arrival time of an inbound request (not on the wire): latency of the answer, time spent queued. */
    private long arrivalNanos;

    public RemotingCommand() {
    }

    /** A new request with a fresh opaque. */
    public static RemotingCommand request(int code) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.opaque = NEXT_OPAQUE.getAndIncrement();
        return cmd;
    }

    /** A new request with a fresh opaque, its extFields written from the header. */
    public static RemotingCommand request(int code, CommandHeader header) {
        RemotingCommand cmd = request(code);
        if (header != null) {
            cmd.writeHeader(header);
        }
        return cmd;
    }

    /**
     * A response to {@code request}: echoes its opaque, marks the response flag and answers in the request's
     * serialize type.
     */
    public static RemotingCommand responseTo(RemotingCommand request, int code, String remark) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.remark = remark;
        cmd.markResponseTo(request);
        return cmd;
    }

    /** A response not yet bound to a request; {@link #markResponseTo} binds it. */
    public static RemotingCommand response(int code, String remark) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.remark = remark;
        cmd.flag = FLAG_RESPONSE;
        return cmd;
    }

    /** Makes this command the response to {@code request} (opaque, response flag, serialize type). */
    public RemotingCommand markResponseTo(RemotingCommand request) {
        this.opaque = request.opaque;
        this.flag |= FLAG_RESPONSE;
        this.serializeType = request.serializeType;
        return this;
    }

    /** Copies the header's fields into extFields (creating them when absent). */
    public RemotingCommand writeHeader(CommandHeader header) {
        if (extFields == null) {
            extFields = new HashMap<>();
        }
        header.writeTo(extFields);
        return this;
    }

    /**
     * Decodes the typed header from extFields.
     *
     * @throws HeaderFieldException naming the first missing or malformed field
     */
    public <T> T readHeader(HeaderDecoder<T> decoder) throws HeaderFieldException {
        return decoder.decode(new ExtFields(extFields));
    }

    /** The extFields as a typed reader (never null, possibly empty). */
    public ExtFields ext() {
        return new ExtFields(extFields);
    }

    /** Sets one extFields entry, creating the map when absent; a null value removes the key. */
    public RemotingCommand putExt(String key, String value) {
        if (extFields == null) {
            extFields = new HashMap<>();
        }
        if (value == null) {
            extFields.remove(key);
        } else {
            extFields.put(key, value);
        }
        return this;
    }

    public static int nextOpaque() {
        return NEXT_OPAQUE.getAndIncrement();
    }

    public boolean isResponse() {
        return (flag & FLAG_RESPONSE) != 0;
    }

    public boolean isOneway() {
        return (flag & FLAG_ONEWAY) != 0;
    }

    public RemotingCommand markOneway() {
        flag |= FLAG_ONEWAY;
        return this;
    }

    public int code() {
        return code;
    }

    public RemotingCommand code(int code) {
        this.code = code;
        return this;
    }

    public LanguageCode language() {
        return language;
    }

    public RemotingCommand language(LanguageCode language) {
        this.language = language;
        return this;
    }

    public int version() {
        return version;
    }

    public RemotingCommand version(int version) {
        this.version = version;
        return this;
    }

    public int opaque() {
        return opaque;
    }

    public RemotingCommand opaque(int opaque) {
        this.opaque = opaque;
        return this;
    }

    public int flag() {
        return flag;
    }

    public RemotingCommand flag(int flag) {
        this.flag = flag;
        return this;
    }

    public String remark() {
        return remark;
    }

    public RemotingCommand remark(String remark) {
        this.remark = remark;
        return this;
    }

    /** The raw extFields map; may be null when the command carries none. */
    public Map<String, String> extFields() {
        return extFields;
    }

    public RemotingCommand extFields(Map<String, String> extFields) {
        this.extFields = extFields;
        return this;
    }

    /** The body as bytes; null when empty or when the body is a {@link #bodyBuffer()}. */
    public byte[] body() {
        return body;
    }

    public RemotingCommand body(byte[] body) {
        this.body = body;
        return this;
    }

    /** A zero-copy outbound body; ownership passes to the transport on write. */
    public ByteBuf bodyBuffer() {
        return bodyBuffer;
    }

    public RemotingCommand bodyBuffer(ByteBuf bodyBuffer) {
        this.bodyBuffer = bodyBuffer;
        return this;
    }

    /** Length of the body in bytes, whichever form it has. */
    public int bodyLength() {
        if (bodyBuffer != null) {
            return bodyBuffer.readableBytes();
        }
        return body == null ? 0 : body.length;
    }

    public SerializeType serializeType() {
        return serializeType;
    }

    public RemotingCommand serializeType(SerializeType serializeType) {
        this.serializeType = serializeType;
        return this;
    }

    @Override
    public String toString() {
        return "RemotingCommand{code=" + code + ", language=" + language + ", version=" + version
                + ", opaque=" + opaque + ", flag=" + flag + ", remark=" + remark + ", extFields=" + extFields
                + ", bodyLength=" + bodyLength() + ", serializeType=" + serializeType + '}';
    }

    /**
     * Stamps the monotonic time ({@link System#nanoTime()}) at which an inbound request arrived. The server does it
     * on the I/O thread that decoded the request, before any hand-off to an executor; tests of processors stamp
     * their requests themselves.
     */
    public RemotingCommand arrivedAt(long nanos) {
        this.arrivalNanos = nanos;
        return this;
    }

    /**
     * When an inbound request arrived ({@link System#nanoTime()}, see {@link #arrivedAt}), 0 for a command the
     * server did not receive: a processor compares it with the time it starts to see how long the request queued.
     */
    public long arrivalNanos() {
        return arrivalNanos;
    }
}
