package io.vigil.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * JSON lines in a file that rotates by size: {@code decisions.jsonl} is the current file,
 * {@code decisions.jsonl.1} the one before, up to {@code maxFiles} kept.
 */
public final class JsonLinesFileSink implements DecisionSink {

    private static final JsonFactory JSON = new JsonFactory().setRootValueSeparator(null);

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
    public void write(List<DecisionRecord> batch) throws IOException {
        CountingStream counting = new CountingStream(out);
        try (JsonGenerator json = JSON.createGenerator(counting, JsonEncoding.UTF8)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            for (DecisionRecord r : batch) {
                writeRecord(json, r);
                json.writeRaw('\n');
            }
        }
        out.flush();
        size += counting.count;
        if (size >= maxBytes) {
            rotate();
        }
    }

    static void writeRecord(JsonGenerator json, DecisionRecord r) throws IOException {
        json.writeStartObject();
        json.writeStringField("time", Instant.ofEpochMilli(r.time()).toString());
        json.writeStringField("requestId", r.requestId());
        writeNullable(json, "route", r.route());
        json.writeStringField("method", r.method());
        writeNullable(json, "host", r.host());
        json.writeStringField("path", r.path());
        json.writeNumberField("status", r.status());
        json.writeStringField("decision", r.decision());
        json.writeArrayFieldStart("reasons");
        json.writeString(r.reason());
        json.writeEndArray();
        writeNullable(json, "detail", r.detail());
        json.writeStringField("client", r.client());
        if (r.principal() != null) {
            json.writeObjectFieldStart("principal");
            json.writeStringField("sub", r.principal());
            json.writeStringField("method", r.authMethod());
            json.writeEndObject();
        }
        writeNullable(json, "upstream", r.upstream());
        json.writeObjectFieldStart("latencyMicros");
        json.writeNumberField("gateway", r.gatewayMicros());
        if (r.upstreamMicros() >= 0) {
            json.writeNumberField("upstream", r.upstreamMicros());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeNullable(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
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

    private static final class CountingStream extends OutputStream {
        private final OutputStream delegate;
        long count;

        CountingStream(OutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
            count += len;
        }
    }
}
