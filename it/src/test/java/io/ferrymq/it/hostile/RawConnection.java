package io.ferrymq.it.hostile;

import io.ferrymq.remoting.FrameCodec;
import io.ferrymq.remoting.RemotingCommand;
import io.netty.buffer.Unpooled;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One plain TCP connection that writes whatever bytes a test gives it and reports what the server did: answered
 * with a frame (its code and remark), closed the connection, or neither within the wait.
 */
final class RawConnection implements AutoCloseable {
    /** What the server did with the bytes. */
    record Answer(boolean closed, RemotingCommand response) {
        static Answer closedConnection() {
            return new Answer(true, null);
        }

        boolean answered() {
            return response != null;
        }

        @Override
        public String toString() {
            if (closed) {
                return "connection closed";
            }
            if (response == null) {
                return "no answer, connection left open";
            }
            String remark = response.remark() == null ? "" : response.remark();
            return "code " + response.code() + ": " + (remark.length() > 110 ? remark.substring(0, 110) + "…" : remark);
        }
    }

    private final Socket socket = new Socket();

    RawConnection(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1))), 5000);
        socket.setTcpNoDelay(true);
    }

    /** Writes {@code bytes}; a write refused because the server closed the connection counts as closed. */
    boolean write(byte[] bytes) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** Waits up to {@code waitMillis} for a frame or the end of the stream. */
    Answer await(int waitMillis) throws IOException {
        socket.setSoTimeout(waitMillis);
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readInt();
            byte[] frame = new byte[length];
            in.readFully(frame);
            return new Answer(false, FrameCodec.decode(Unpooled.wrappedBuffer(frame)));
        } catch (SocketTimeoutException open) {
            return new Answer(false, null);
        } catch (EOFException e) {
            return Answer.closedConnection();
        } catch (IOException reset) {
            return Answer.closedConnection();
        }
    }

    /** Writes {@code bytes} and waits for what the server does. */
    Answer exchange(byte[] bytes, int waitMillis) throws IOException {
        if (!write(bytes)) {
            return Answer.closedConnection();
        }
        return await(waitMillis);
    }

    /**
     * Writes {@code bytes}, ends the output (the server sees the end of the stream, as when a peer goes away) and
     * reads every frame the server sends until it closes; true when the server closed within {@code waitMillis}.
     */
    boolean writeAllAndAwaitClose(byte[] bytes, int waitMillis) throws IOException {
        write(bytes);
        try {
            socket.shutdownOutput();
        } catch (IOException alreadyClosed) {
            return true;
        }
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            Answer a = await(waitMillis);
            if (a.closed()) {
                return true;
            }
            if (!a.answered()) {
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
