import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;

/**
 * Draws Warmpool's icon: a rounded dark square holding a traffic light's three dots (red, amber,
 * green). Run from the project root: {@code java assets/icon/MakeIcon.java assets/icon/warmpool.png 256}
 */
public class MakeIcon {
    public static void main(String[] args) throws Exception {
        String out = args.length > 0 ? args[0] : "warmpool.png";
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double s = size / 256.0;

        // The body: a rounded square, slate with a slight top-down shade.
        RoundRectangle2D body = new RoundRectangle2D.Double(12 * s, 12 * s, 232 * s, 232 * s, 56 * s, 56 * s);
        g.setPaint(new GradientPaint(0, (float) (12 * s), new Color(0x3a4250), 0, (float) (244 * s), new Color(0x1f242c)));
        g.fill(body);
        g.setStroke(new BasicStroke((float) (4 * s)));
        g.setColor(new Color(0x11151a));
        g.draw(body);

        // Three dots, top to bottom: red, amber, green, each with a soft highlight.
        Color[] colours = {new Color(0xe5484d), new Color(0xf5a524), new Color(0x30a46c)};
        double r = 30 * s;
        for (int i = 0; i < 3; i++) {
            double cx = 128 * s;
            double cy = (60 + i * 68) * s;
            g.setColor(new Color(0x14181e));
            g.fill(new Ellipse2D.Double(cx - r - 5 * s, cy - r - 5 * s, 2 * (r + 5 * s), 2 * (r + 5 * s)));
            g.setColor(colours[i]);
            g.fill(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
            g.setColor(new Color(255, 255, 255, 70));
            g.fill(new Ellipse2D.Double(cx - r * 0.55, cy - r * 0.75, r * 0.9, r * 0.6));
        }
        g.dispose();
        ImageIO.write(image, "png", new File(out));
    }
}
