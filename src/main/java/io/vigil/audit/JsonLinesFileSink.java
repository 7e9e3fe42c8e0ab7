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
            // The JDK's encoder copies an all-ASCII line (nearly every line) in one go.
            byte[] line = decision.json().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write(line);
            out.write('\n');
            size += line.length + 1;
        }
        out.flush();
        if (size >= maxBytes) {
            rotate();
        }
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
