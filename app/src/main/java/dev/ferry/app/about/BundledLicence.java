package dev.ferry.app.about;

import java.util.List;

/**
 * A library the app bundles and its licences, as its pom declares them: one line of the
 * {@code bundled-licences.txt} that the build writes (license-maven-plugin, app/pom.xml). A .txt: on the
 * builds where the plugin writes the file, it makes its folder a resource folder of .txt files only, so a
 * .tsv was left out of a clean build's jar.
 *
 * @param coordinates groupId:artifactId:version
 * @param licences the licences' names as the pom gives them; several when the library is offered under either or in parts
 * @param name the library's name
 */
public record BundledLicence(String coordinates, List<String> licences, String name) {
  public BundledLicence {
    licences = List.copyOf(licences);
  }

  /** One line: coordinates, licences joined by " | ", name; tab-separated. */
  static BundledLicence parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 3 || f[0].isBlank()) {
      throw new IllegalArgumentException("not a bundled-licence line: '" + line + "'");
    }
    return new BundledLicence(f[0].strip(), List.of(f[1].strip().split("\\s*\\|\\s*")), f[2].strip());
  }

  /** The version, the last part of the coordinates. */
  public String version() {
    return coordinates.substring(coordinates.lastIndexOf(':') + 1);
  }

  public String licencesText() {
    return String.join(" / ", licences);
  }
}
