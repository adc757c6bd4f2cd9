package dev.ferry.app.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.app.migration.Reports;
import dev.ferry.app.tasks.CurrentThreadTaskExecutor;
import dev.ferry.engine.migration.MigrationReport;
import dev.ferry.engine.migration.ReportStore;
import dev.ferry.engine.migration.Strategy;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The history's exports: the table as CSV for spreadsheets, the charts as SVG drawn from their data. */
class HistoryExportTest {
  @TempDir
  Path dir;

  private HistoryViewModel history() {
    ReportStore store = new ReportStore(dir.resolve("reports"));
    store.save(Reports.migrated("m1", Instant.parse("2026-12-01T10:00:00Z"), Strategy.STOP_AND_COPY));
    store.save(Reports.migrated("m2", Instant.parse("2026-12-01T11:00:00Z"), Strategy.POST_COPY));
    HistoryViewModel vm = new HistoryViewModel(store, new CurrentThreadTaskExecutor(), ZoneOffset.UTC);
    vm.load();
    return vm;
  }

  @Test
  void theCsvHasAHeaderAndOneLinePerMigrationNewestFirstWithPlainNumbers() throws Exception {
    HistoryViewModel vm = history();
    Path csv = dir.resolve("out/history.csv");

    vm.exportCsv(csv);

    List<String> lines = List.of(Files.readString(csv).split("\r\n"));
    assertThat(lines).containsExactly(
        "time,container,from,to,strategy,total_ms,frozen_ms,client_gap_ms,bytes,outcome,id",
        "2026-12-01 11:00:00,counter,ferry-a,ferry-b,post-copy," + vm.rows().get(0).totalMillis() + ",480,,2301000,migrated,m2",
        "2026-12-01 10:00:00,counter,ferry-a,ferry-b,stop-and-copy," + vm.rows().get(1).totalMillis() + ",480,,2301000,migrated,m1");
    assertThat(vm.statusProperty().get()).isEqualTo("Wrote the history table (2 rows) to " + csv);
  }

  @Test
  void theBarsSvgIsWellFormedWithOneRectPerFrozenPhaseOfEachMigrationAtItsHeight() throws Exception {
    HistoryViewModel vm = history();
    Path svg = dir.resolve("bars.svg");

    vm.exportSvg(HistoryViewModel.Chart.BARS, svg);

    Document doc = parse(Files.readString(svg));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    NodeList rects = doc.getElementsByTagName("rect");
    // The background, 4 phases x 2 migrations, and 4 legend swatches.
    assertThat(rects.getLength()).isEqualTo(1 + 8 + 4);
    Element dump = (Element) rects.item(1);
    Element restore = (Element) rects.item(4);
    // freeze + dump 120 ms and restore + resume 290 ms of the same bar: heights in that ratio.
    double ratio = Double.parseDouble(restore.getAttribute("height")) / Double.parseDouble(dump.getAttribute("height"));
    assertThat(ratio).isCloseTo(290.0 / 120.0, org.assertj.core.data.Offset.offset(0.02));
    assertThat(Files.readString(svg)).contains(">#1 counter<", ">#2 counter<", ">restore + resume<", "Frozen phases per migration");
  }

  @Test
  void theHistorySvgHasAPointPerMigrationAndTheReferenceAsADashedLine() throws Exception {
    HistoryViewModel vm = history();
    Path svg = dir.resolve("history.svg");

    vm.exportSvg(HistoryViewModel.Chart.HISTORY, svg);

    String text = Files.readString(svg);
    Document doc = parse(text);
    // Two migrations plus three legend dots.
    assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(2 + 3);
    assertThat(text).contains("stroke-dasharray", FreezeCharts.REFERENCE_LABEL, "<title>#2 counter, post-copy: 0.480 s</title>");
  }

  @Test
  void namesAreEscapedSoAContainerNameCannotBreakTheSvg() throws Exception {
    MigrationReport r = Reports.migrated("m1", Instant.parse("2026-12-01T10:00:00Z"), Strategy.STOP_AND_COPY);
    FrozenPoint p = new FrozenPoint(1, "a<b&\"c\"", Strategy.STOP_AND_COPY, r.freeze());
    parse(ChartSvg.bars("t", List.of(p)));
    parse(ChartSvg.history("t", List.of(p), 3377, "ref", "client"));
  }

  @Test
  void theAxisTopIsARoundNumberAtOrAboveTheLargestValue() {
    assertThat(ChartSvg.niceTop(0.48)).isEqualTo(0.5);
    assertThat(ChartSvg.niceTop(3.377)).isEqualTo(5.0);
    assertThat(ChartSvg.niceTop(1.0)).isEqualTo(1.0);
    assertThat(ChartSvg.niceTop(0)).isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  @Test
  void whatAWatchingClientSawIsAColumnOfTheCsvAndADiamondBesideTheFrozenTime() throws Exception {
    ReportStore store = new ReportStore(dir.resolve("watched"));
    store.save(Reports.migrated("w1", Instant.parse("2026-12-01T12:00:00Z"), Strategy.STOP_AND_COPY)
        .withClientGap(new dev.ferry.engine.migration.ClientGap("ferry-b", "10.87.100.10", 7000, 612, 300, 290, "")));
    HistoryViewModel vm = new HistoryViewModel(store, new CurrentThreadTaskExecutor(), ZoneOffset.UTC);
    vm.load();
    assertThat(vm.rows().get(0).clientGapMillis()).isEqualTo(612);
    assertThat(vm.frozen().get(0).label()).isEqualTo("#1 counter (client 612 ms)");

    vm.exportCsv(dir.resolve("w.csv"));
    vm.exportSvg(HistoryViewModel.Chart.HISTORY, dir.resolve("w.svg"));

    assertThat(Files.readString(dir.resolve("w.csv"))).contains(",480,612,2301000,migrated,w1");
    String svg = Files.readString(dir.resolve("w.svg"));
    parse(svg);
    assertThat(svg).contains("a client saw 612 ms", FreezeCharts.CLIENT_LABEL);
  }

  @Test
  void theSheetSaysWhatTheClientSawOrWhyItCouldNotWatch() {
    assertThat(dev.ferry.app.migration.MigrationViewModelAccess.clientSaw(
        new dev.ferry.engine.migration.ClientGap("ferry-b", "10.87.100.10", 7000, 612, 300, 290, "")))
        .isEqualTo("a client on ferry-b saw 612 ms without an answer from 10.87.100.10:7000 (290 of 300 connections answered)");
    assertThat(dev.ferry.app.migration.MigrationViewModelAccess.clientSaw(
        new dev.ferry.engine.migration.ClientGap("ferry-b", "10.87.100.10", 7001, 0, 40, 0, "no answer from 10.87.100.10:7001 in 40 attempts")))
        .isEqualTo("client watch from ferry-b: no answer from 10.87.100.10:7001 in 40 attempts");
  }
}
