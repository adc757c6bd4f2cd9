package dev.ferry.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsSettingsTest {

  @Test
  void defaultsSampleEverySecondAndKeepTenMinutes() {
    MetricsSettings d = MetricsSettings.defaults();

    assertThat(d.interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.historyWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(d.diskEveryTicks()).isEqualTo(5);
    assertThat(d.historyCapacity()).isBetween(601, 700);
    assertThat(d.startTimeout()).isGreaterThan(dev.ferry.engine.ssh.SshSettings.defaults().connectTimeout());
  }

  @Test
  void aLongerIntervalKeepsTheSilenceLimitsAboveTwoIntervals() {
    MetricsSettings slow = MetricsSettings.defaults().withInterval(Duration.ofSeconds(30));

    assertThat(slow.staleAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(slow.startTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void nonsenseIsRejectedWhenTheSettingsAreMade() {
    MetricsSettings d = MetricsSettings.defaults();

    assertThatThrownBy(() -> d.withInterval(Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withDiskEveryTicks(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withRestartDelays(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withSilenceLimits(Duration.ofMillis(1500), Duration.ofSeconds(30)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withSilenceLimits(Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
