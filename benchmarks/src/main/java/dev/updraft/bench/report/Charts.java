package dev.updraft.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import dev.updraft.bench.metrics.CurvePoint;

/** PNG charts of the report, drawn headless with JFreeChart. */
public final class Charts {

    static final int WIDTH = 1000;
    static final int HEIGHT = 560;
    private static final Color[] PALETTE = {
        new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0xFF7F0E),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
    };

    private Charts() {
    }

    /**
     * Latency against percentile, the usual HdrHistogram plot: the x axis is {@code 1/(1-p)} on a log scale,
     * so 90, 99, 99.9 and 99.99 are evenly spaced and the tail is visible. The 100th percentile (the
     * maximum) cannot be placed on that axis and is left to the tables.
     */
    public static void percentiles(String title, Map<String, List<CurvePoint>> curves, Path png) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        curves.forEach((name, points) -> {
            XYSeries series = new XYSeries(name, false);
            for (CurvePoint p : points) {
                if (p.percentile() < 100.0) {
                    series.add(100.0 / (100.0 - p.percentile()), Math.max(p.millis(), 0.001));
                }
            }
            if (!series.isEmpty()) {
                data.addSeries(series);
            }
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, "percentile", "latency (ms)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("percentile");
        x.setBase(10);
        x.setNumberFormatOverride(new PercentileFormat());
        x.setSmallestValue(1);
        // one tick per power of ten: 0%, 90%, 99%, 99.9% …
        x.setTickUnit(new NumberTickUnit(1.0), false, true);
        plot.setDomainAxis(x);
        LogAxis y = new LogAxis("latency (ms, log scale)");
        y.setSmallestValue(0.001);
        y.setTickUnit(new NumberTickUnit(1.0), false, true);
        y.setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        plot.setRangeAxis(y);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            // updraft solid, peers dashed, so pairs read at a glance
            boolean ours = data.getSeriesKey(i).toString().endsWith("/ updraft");
            renderer.setSeriesStroke(i, ours ? new BasicStroke(2.2f)
                    : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        plot.setRenderer(renderer);
        style(chart);
        save(chart, png);
    }

    /** Grouped bars: one group per category (e.g. scenario / system), one bar per series (e.g. p50, p99). */
    public static void bars(String title, String valueAxis, Map<String, Map<String, Double>> valuesByCategory,
                            Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        valuesByCategory.forEach((category, values) -> values.forEach((series, v) -> data.addValue(v, series, category)));
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueAxis, data, PlotOrientation.HORIZONTAL,
                true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getRenderer().setSeriesPaint(0, PALETTE[0]);
        plot.getRenderer().setSeriesPaint(1, PALETTE[1]);
        ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(NumberFormat.getNumberInstance(Locale.ROOT));
        style(chart);
        save(chart, png);
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(0xF7F7F7));
    }

    private static void save(JFreeChart chart, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    /** Prints an axis value {@code 1/(1-p)} as the percentile p. */
    static final class PercentileFormat extends NumberFormat {

        @Override
        public StringBuffer format(double x, StringBuffer to, FieldPosition pos) {
            double p = 100.0 - 100.0 / x;
            return to.append(p <= 0 ? "0" : new java.math.BigDecimal(p).round(new java.math.MathContext(6))
                    .stripTrailingZeros().toPlainString()).append('%');
        }

        @Override
        public StringBuffer format(long x, StringBuffer to, FieldPosition pos) {
            return format((double) x, to, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("axis labels are not parsed");
        }
    }
}
