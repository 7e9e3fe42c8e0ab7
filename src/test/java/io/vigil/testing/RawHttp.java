package io.vigil.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Bytes on a socket, for the requests no well-behaved client library will send. */
public final class RawHttp {

    /** What came back, and whether the server closed the connection afterwards. */
    public record Reply(String text, boolean closed) {
        public int status() {
            if (!text.startsWith("HTTP/1.")) {
                return -1;
            }
            return Integer.parseInt(text.substring(9, 12));
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} and reads until the server closes or goes quiet for {@code quietMillis}. */
    public static Reply send(int port, String request, int quietMillis) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1), quietMillis);
    }

    public static Reply send(int port, byte[] request, int quietMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(quietMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            boolean closed = false;
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true;
            }
            return new Reply(received.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }
}
