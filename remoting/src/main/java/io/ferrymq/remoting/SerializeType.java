package io.ferrymq.remoting;

/**
 * How a frame's header is serialized. The code is the high byte of the frame's header-length word.
 */
public enum SerializeType {
    /** Header is a JSON object (fastjson2 on our side, fastjson 1.x on the official client). */
    JSON((byte) 0),
    /** Header is RocketMQ's compact binary form, see {@link BinaryHeaderCodec}. */
    ROCKETMQ((byte) 1);

    private final byte code;

    SerializeType(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    /** Returns the type for a code, or null when the code is unknown (the caller reports the error). */
    public static SerializeType ofCode(int code) {
        return switch (code) {
            case 0 -> JSON;
            case 1 -> ROCKETMQ;
            default -> null;
        };
    }
}
