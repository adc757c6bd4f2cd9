package dev.ferry.engine.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
  private record Row(String name, Long ms) {}

  @Test
  void cellsWithCommasQuotesOrLineBreaksAreQuotedAsRfc4180Says() {
    assertThat(Csv.quote("plain")).isEqualTo("plain");
    assertThat(Csv.quote("a,b")).isEqualTo("\"a,b\"");
    assertThat(Csv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Csv.quote("two\nlines")).isEqualTo("\"two\nlines\"");
  }

  @Test
  void aHeaderThenOneCrlfLinePerRowWithAnAbsentValueLeftEmpty() {
    List<Csv.Column<Row>> cols = List.of(new Csv.Column<>("name", Row::name), new Csv.Column<>("ms", Row::ms));
    assertThat(Csv.of(cols, List.of(new Row("idle, counter", 203L), new Row("web", null))))
        .isEqualTo("name,ms\r\n\"idle, counter\",203\r\nweb,\r\n");
  }
}
