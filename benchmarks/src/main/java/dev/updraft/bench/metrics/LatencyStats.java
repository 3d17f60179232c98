package dev.updraft.bench.metrics;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A latency histogram in microseconds (HdrHistogram, 3 significant digits, up to 10 minutes).
 *
 * <p>Recording is safe from several threads at once (the generator records from every event loop).
 * Negative samples, which only a clock step between processes could produce, are recorded as zero and
 * counted, so a report can say the clock was unreliable rather than hide it. Values above the range are
 * clamped to the maximum and counted the same way.
 */
public final class LatencyStats {

    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Histogram histogram;
    private long clamped;

    public LatencyStats() {
        this(new ConcurrentHistogram(HIGHEST_MICROS, 3));
    }

    private LatencyStats(Histogram histogram) {
        this.histogram = histogram;
    }

    public void recordMicros(long micros) {
        if (micros < 0 || micros > HIGHEST_MICROS) {
            synchronized (this) {
                clamped++;
            }
            micros = micros < 0 ? 0 : HIGHEST_MICROS;
        }
        histogram.recordValue(micros);
    }

    public void recordMillis(double millis) {
        recordMicros(Math.round(millis * 1_000));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public synchronized long clamped() {
        return clamped;
    }

    /** Adds another histogram's samples, e.g. the one a worker process sent back. */
    public void add(LatencyStats other) {
        histogram.add(other.histogram);
        long otherClamped = other.clamped();
        synchronized (this) {
            clamped += otherClamped;
        }
    }

    public Percentiles percentiles() {
        if (histogram.getTotalCount() == 0) {
            return Percentiles.EMPTY;
        }
        return new Percentiles(
                histogram.getTotalCount(),
                millis(histogram.getMinValue()),
                millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(90)),
                millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getValueAtPercentile(99.9)),
                millis(histogram.getMaxValue()),
                histogram.getMean() / 1_000.0);
    }

    /** The percentile curve HdrHistogram draws (5 ticks per halving of the remaining distance). */
    public List<CurvePoint> curve() {
        List<CurvePoint> points = new ArrayList<>();
        if (histogram.getTotalCount() == 0) {
            return points;
        }
        for (HistogramIterationValue v : histogram.percentiles(5)) {
            points.add(new CurvePoint(v.getPercentileLevelIteratedTo(), millis(v.getValueIteratedTo())));
            if (v.getPercentileLevelIteratedTo() >= 100.0) {
                break;
            }
        }
        return points;
    }

    /** Compressed, base64 form for sending a histogram between processes. */
    public String encode() {
        Histogram copy = histogram.copy();
        ByteBuffer buffer = ByteBuffer.allocate(copy.getNeededByteBufferCapacity());
        int length = copy.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static LatencyStats decode(String base64, long clamped) {
        try {
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), HIGHEST_MICROS);
            LatencyStats stats = new LatencyStats();
            stats.histogram.add(decoded);
            stats.clamped = clamped;
            return stats;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram", e);
        }
    }

    private static double millis(long micros) {
        return micros / 1_000.0;
    }
}
