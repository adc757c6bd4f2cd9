package dev.ferry.engine.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A chart drawn once and rendered twice: as SVG (text, for the docs and for slides that scale) and as PNG
 * (through Java2D, which needs no display). It holds only what both show alike: lines, polylines, dots,
 * filled rectangles and text, on white.
 */
final class Chart {
  enum Anchor { START, MIDDLE, END }

  private interface Shape {
    void svg(StringBuilder out);

    void draw(Graphics2D g);
  }

  private static final int FONT_PX = 11;

  private final int width;
  private final int height;
  private final List<Shape> shapes = new ArrayList<>();

  Chart(int width, int height) {
    this.width = width;
    this.height = height;
  }

  Chart line(double x1, double y1, double x2, double y2, String colour, double strokeWidth) {
    return polyline(List.of(new double[] {x1, y1}, new double[] {x2, y2}), colour, strokeWidth);
  }

  Chart polyline(List<double[]> points, String colour, double strokeWidth) {
    List<double[]> pts = List.copyOf(points);
    shapes.add(new Shape() {
      @Override
      public void svg(StringBuilder out) {
        List<String> xy = pts.stream().map(p -> num(p[0]) + "," + num(p[1])).toList();
        out.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"").append(num(strokeWidth))
            .append("\" points=\"").append(String.join(" ", xy)).append("\"/>\n");
      }

      @Override
      public void draw(Graphics2D g) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(pts.get(0)[0], pts.get(0)[1]);
        pts.stream().skip(1).forEach(p -> path.lineTo(p[0], p[1]));
        g.setColor(Color.decode(colour));
        g.setStroke(new BasicStroke((float) strokeWidth));
        g.draw(pts.size() == 2 ? new Line2D.Double(pts.get(0)[0], pts.get(0)[1], pts.get(1)[0], pts.get(1)[1]) : path);
      }
    });
    return this;
  }

  Chart dot(double x, double y, double r, String colour) {
    shapes.add(new Shape() {
      @Override
      public void svg(StringBuilder out) {
        out.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y)).append("\" r=\"").append(num(r)).append("\" fill=\"")
            .append(colour).append("\"/>\n");
      }

      @Override
      public void draw(Graphics2D g) {
        g.setColor(Color.decode(colour));
        g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
      }
    });
    return this;
  }

  /** A filled rectangle; {@code title} is its tooltip in the SVG (empty for none). */
  Chart box(double x, double y, double w, double h, String colour, String title) {
    shapes.add(new Shape() {
      @Override
      public void svg(StringBuilder out) {
        out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w)).append("\" height=\"")
            .append(num(h)).append("\" fill=\"").append(colour).append("\">");
        if (!title.isEmpty()) {
          out.append("<title>").append(escape(title)).append("</title>");
        }
        out.append("</rect>\n");
      }

      @Override
      public void draw(Graphics2D g) {
        g.setColor(Color.decode(colour));
        g.fill(new Rectangle2D.Double(x, y, w, h));
      }
    });
    return this;
  }

  Chart text(double x, double y, Anchor anchor, String text) {
    shapes.add(new Shape() {
      @Override
      public void svg(StringBuilder out) {
        out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"")
            .append(anchor.name().toLowerCase(Locale.ROOT)).append("\">").append(escape(text)).append("</text>\n");
      }

      @Override
      public void draw(Graphics2D g) {
        double w = g.getFontMetrics().getStringBounds(text, g).getWidth();
        double left = anchor == Anchor.START ? x : anchor == Anchor.MIDDLE ? x - w / 2 : x - w;
        g.setColor(Color.BLACK);
        g.drawString(text, (float) left, (float) y);
      }
    });
    return this;
  }

  String svg() {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"%d\">%n"
            + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", width, height, FONT_PX));
    shapes.forEach(s -> s.svg(out));
    return out.append("</svg>\n").toString();
  }

  /** The same chart as a PNG, {@code scale} times its size (2 for a sharp slide). */
  byte[] png(int scale) {
    BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.scale(scale, scale);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, FONT_PX));
      shapes.forEach(s -> s.draw(g));
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the chart as PNG", e);
    }
    return out.toByteArray();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;");
  }
}
