package io.ferrymq.remoting;

/**
 * JSON header (serialize type JSON): written by {@link JsonHeaderWriter}, read by {@link FastjsonHeaderDecoder}.
 */
final class JsonHeaderCodec {
    private JsonHeaderCodec() {
    }

    static byte[] encode(RemotingCommand cmd) {
        return JsonHeaderWriter.write(cmd);
    }

    static RemotingCommand decode(byte[] bytes) {
        return FastjsonHeaderDecoder.decode(bytes);
    }
}
