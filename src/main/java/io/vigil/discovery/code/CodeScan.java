package io.vigil.discovery.code;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code vigil discover code PATH…}: walks source trees and lists the endpoints declared in
 * Java, JavaScript/TypeScript, Python and Go, with file and line. Two passes, so prefixes and
 * constants defined in one file apply to routes in another. A file that cannot be read or parsed
 * is reported and skipped. Dependency and build folders are not walked.
 */
public final class CodeScan {

    static final Set<String> SKIPPED_DIRECTORIES = Set.of("node_modules", "vendor", ".git", "target", "build", "dist", "venv",
            ".venv", "__pycache__", ".idea", ".gradle");
    static final long MAX_FILE_BYTES = 2L << 20;

    /** @param skipped files not scanned, each as {@code path: reason} */
    public record Result(List<CodeEndpoint> endpoints, int files, List<String> skipped) {
    }

    private CodeScan() {
    }

    public static Result scan(List<Path> roots) throws IOException {
        JavaScanner java = new JavaScanner();
        JsScanner js = new JsScanner();
        PythonScanner python = new PythonScanner();
        GoScanner go = new GoScanner();
        List<String> skipped = new ArrayList<>();
        List<Path[]> files = new ArrayList<>();
        for (Path root : roots) {
            Path base = Files.isDirectory(root) ? root : root.getParent();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(f -> notSkipped(root.relativize(f))).sorted()
                        .forEach(f -> files.add(new Path[] {base, f}));
            }
        }
        List<Path> scanned = new ArrayList<>();
        for (Path[] entry : files) {
            Path file = entry[1];
            String name = file.getFileName().toString();
            String language = language(name);
            if (language == null) {
                continue;
            }
            String source;
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    skipped.add(file + ": larger than 2 MiB");
                    continue;
                }
                source = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                skipped.add(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
                continue;
            }
            try {
                switch (language) {
                    case "java" -> java.add(file.toString(), source);
                    case "js" -> js.add(file, source);
                    case "python" -> python.add(entry[0], file, source);
                    default -> go.add(file, source);
                }
                scanned.add(file);
            } catch (IllegalArgumentException | StackOverflowError e) {
                skipped.add(file + ": does not parse (" + (e.getMessage() == null ? "too deeply nested" : e.getMessage()) + ")");
            }
        }
        List<CodeEndpoint> out = new ArrayList<>();
        for (Path file : scanned) {
            switch (language(file.getFileName().toString())) {
                case "java" -> out.addAll(java.endpoints(file.toString()));
                case "js" -> out.addAll(js.endpoints(file));
                case "python" -> out.addAll(python.endpoints(file));
                default -> out.addAll(go.endpoints(file));
            }
        }
        out.sort(Comparator.comparing(CodeEndpoint::file).thenComparingInt(CodeEndpoint::line).thenComparing(CodeEndpoint::method));
        return new Result(List.copyOf(out), scanned.size(), List.copyOf(skipped));
    }

    /** @param file relative to the root given (the root itself may well be under a "build" folder) */
    private static boolean notSkipped(Path file) {
        for (Path part : file) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return false;
            }
        }
        return true;
    }

    private static String language(String name) {
        if (name.endsWith(".java")) {
            return "java";
        }
        if (name.endsWith(".d.ts")) {
            return null;
        }
        if (name.endsWith(".js") || name.endsWith(".ts") || name.endsWith(".mjs") || name.endsWith(".cjs") || name.endsWith(".jsx")
                || name.endsWith(".tsx")) {
            return "js";
        }
        if (name.endsWith(".py")) {
            return "python";
        }
        return name.endsWith(".go") && !name.endsWith("_test.go") ? "go" : null;
    }
}
