package io.ferrymq.remoting;

/**
 * JSON header (serialize type JSON): written by {@link JsonHeaderWriter}; read by {@link JsonHeaderReader} when it
 * is one of the well-formed headers clients send, else by {@link FastjsonHeaderDecoder}, which reads anything and
 * gives the same answer as the fast path wherever both read.
 */
final class JsonHeaderCodec {
    private JsonHeaderCodec() {
    }

    static byte[] encode(RemotingCommand cmd) {
        return JsonHeaderWriter.write(cmd);
    }

    static RemotingCommand decode(byte[] bytes) {
        RemotingCommand cmd = JsonHeaderReader.read(bytes);
        return cmd != null ? cmd : FastjsonHeaderDecoder.decode(bytes);
    }
}
