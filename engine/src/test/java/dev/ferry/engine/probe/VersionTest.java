package dev.ferry.engine.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {
  @Test
  void readsTheLeadingNumbersOfWhatToolsPrint() {
    assertThat(Version.find("Version: 4.2.1")).contains(new Version(4, 2, 1));
    assertThat(Version.find("1.1.5+ds1")).contains(new Version(1, 1, 5));
    assertThat(Version.find("6.18.44-fc-v769")).contains(new Version(6, 18, 44));
    assertThat(Version.find("6.1.0-28-amd64")).contains(new Version(6, 1, 0));
    assertThat(Version.find("4.2")).contains(Version.of(4, 2));
    assertThat(Version.find("")).isEmpty();
    assertThat(Version.find(null)).isEmpty();
  }

  @Test
  void comparesNumericallyNotAsText() {
    assertThat(Version.of(6, 18).isAtLeast(Version.of(6, 2))).isTrue();
    assertThat(new Version(3, 17, 1).isAtLeast(HostLimits.CRIU_MIN_VERSION)).isFalse();
    assertThat(new Version(4, 1, 1).isAtLeast(HostLimits.CRIU_MIN_VERSION)).isFalse();
    assertThat(new Version(4, 2, 0).isAtLeast(HostLimits.CRIU_MIN_VERSION)).isTrue();
    assertThat(new Version(10, 0, 0)).isGreaterThan(new Version(9, 99, 99));
  }
}
