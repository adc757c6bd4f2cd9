package dev.ferry.e2e.appmigration;

/**
 * Runs JavaFX headless under Monocle (as ./ferry test does) unless -Dtestfx.headless=false was given,
 * which is how the screenshots are made on a real X display (xvfb-run).
 */
final class FxHeadless {
  private FxHeadless() {}

  static void configure() {
    if ("false".equals(System.getProperty("testfx.headless"))) {
      // On a real X display (Xvfb) the AWT robot drives drag and drop (field notes §8).
      System.setProperty("testfx.robot", "awt");
      System.setProperty("java.awt.headless", "false");
      // The e2e pom asks for Monocle; on a display, JavaFX picks its own platform (GTK).
      System.clearProperty("glass.platform");
      System.clearProperty("monocle.platform");
      return;
    }
    System.setProperty("testfx.robot", "glass");
    System.setProperty("testfx.headless", "true");
    System.setProperty("glass.platform", "Monocle");
    System.setProperty("monocle.platform", "Headless");
    System.setProperty("prism.order", "sw");
    System.setProperty("prism.text", "t2k");
    System.setProperty("java.awt.headless", "true");
    // The main window is 1440 x 900; Monocle's default screen is smaller.
    System.setProperty("headless.geometry", System.getProperty("headless.geometry", "1600x1000-32"));
  }
}
