package io.vigil.audit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * JSON lines in a file that rotates by size: {@code decisions.jsonl} is the current file,
 * {@code decisions.jsonl.1} the one before, up to {@code maxFiles} kept.
 */
public final class JsonLinesFileSink implements DecisionSink {

    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    private byte[] bytes = new byte[2048];
    private OutputStream out;
    private long size;

    public JsonLinesFileSink(Path file, long maxBytes, int maxFiles) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        open();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
        size = Files.size(file);
    }

    @Override
    public void write(List<EncodedDecision> batch) throws IOException {
        for (EncodedDecision decision : batch) {
            String line = decision.json();
            int length = line.length();
            if (bytes.length < length * 3 + 1) {
                bytes = new byte[length * 3 + 1];
            }
            int n = utf8(line, bytes);
            bytes[n++] = '\n';
            out.write(bytes, 0, n);
            size += n;
        }
        out.flush();
        if (size >= maxBytes) {
            rotate();
        }
    }

    /** UTF-8 into {@code out}, which has room for three bytes per char; returns the length. */
    private static int utf8(CharSequence s, byte[] out) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xc0 | (c >> 6));
                out[n++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[n++] = (byte) (0xf0 | (cp >> 18));
                out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                out[n++] = (byte) (0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                out[n++] = '?';
            } else {
                out[n++] = (byte) (0xe0 | (c >> 12));
                out[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[n++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return n;
    }

    private void rotate() throws IOException {
        out.close();
        for (int i = maxFiles - 1; i >= 1; i--) {
            Path from = i == 1 ? file : sibling(i - 1);
            if (Files.exists(from)) {
                Files.move(from, sibling(i), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (maxFiles == 1) {
            Files.deleteIfExists(file);
        }
        open();
    }

    private Path sibling(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
