package io.vigil.bench;

import io.vigil.server.AmbiguousPathException;
import io.vigil.server.NormalizedPath;
import io.vigil.server.PathNormalizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The cost of the one path normalisation every request pays. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PathNormalizerBenchmark {

    /** A typical clean path; one with a dotted file name; one that needs decoding and dot removal. */
    @Param({"/api/v1/orders/12345/items", "/static/app.v2.min.js", "/api/v1/%7Euser/./orders/../items/caf%c3%a9"})
    public String path;

    @Benchmark
    public NormalizedPath normalize() throws AmbiguousPathException {
        return PathNormalizer.normalize(path);
    }
}
