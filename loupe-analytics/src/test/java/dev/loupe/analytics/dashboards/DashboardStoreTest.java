package dev.loupe.analytics.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardStoreTest {
  @TempDir Path data;

  @Test
  void theOverviewIsThereUntilReplacedAndComesBackWhenTheSavedOneIsDeleted() {
    DashboardStore store = new DashboardStore(data);
    assertThat(store.list()).extracting(Dashboard::id).containsExactly("overview");
    assertThat(store.get("overview").orElseThrow().panels()).hasSize(6);

    Dashboard mine =
        DashboardStore.parse(
            "{\"id\":\"overview\",\"title\":\"Mine\",\"from\":\"6h\",\"refresh\":\"1m\","
                + "\"panels\":[{\"title\":\"errors\",\"type\":\"logs\",\"query\":\"error\"}]}",
            "body");
    store.put(mine);
    store.put(DashboardStore.parse("{\"id\":\"payments\",\"panels\":[]}", "body"));
    assertThat(new DashboardStore(data).list())
        .extracting(Dashboard::title)
        .containsExactly("Mine", "payments");
    assertThat(store.get("overview").orElseThrow()).isEqualTo(mine);

    assertThat(store.delete("overview")).isTrue();
    assertThat(store.get("overview").orElseThrow().title()).isEqualTo("Overview");
    assertThat(store.delete("../etc")).isFalse();
    assertThat(store.get("nope")).isEmpty();
  }

  @Test
  void badDocumentsAreRefusedSayingWhere() {
    assertThatThrownBy(
            () ->
                DashboardStore.parse(
                    "{\"id\":\"x\",\"panels\":[{\"type\":\"pie\",\"query\":\"a\"}]}", "body"))
        .hasMessageContaining("body: panel 1: type must be one of");
    assertThatThrownBy(
            () ->
                DashboardStore.parse(
                    "{\"id\":\"x\",\"panels\":[{\"title\":\"t\",\"type\":\"table\","
                        + "\"query\":\"error\",\"by\":[\"service\"]}]}",
                    "body"))
        .hasMessageContaining("body: panel 1 (t): by groups a metric's labels");
    assertThatThrownBy(() -> DashboardStore.parse("{\"id\":\"Bad Id\"}", "body"))
        .hasMessageContaining("not valid");
    assertThatThrownBy(() -> DashboardStore.parse("{\"id\":\"x\",\"refresh\":\"soon\"}", "body"))
        .hasMessageContaining("bad duration");
  }

  @Test
  void messagesNameTheKeyThePanelAndTheFieldAndAMissingIdComesFromTheUrl() {
    assertThatThrownBy(() -> DashboardStore.parse("{\"id\":\"x\",\"panelz\":[]}", "body"))
        .hasMessage(
            "body: unknown key 'panelz'; a dashboard has [id, title, from, refresh, panels]");
    assertThatThrownBy(
            () ->
                DashboardStore.parse(
                    "{\"id\":\"x\",\"panels\":[{\"type\":\"logs\",\"qeury\":\"a\"}]}", "body"))
        .hasMessage(
            "body: unknown key 'qeury' in a panel; a panel has [title, type, query, metric, by]");
    assertThatThrownBy(
            () ->
                DashboardStore.parse(
                    "{\"id\":\"x\",\"panels\":[{\"type\":\"logs\",\"query\":\"a\"},"
                        + "{\"type\":\"value\"}]}",
                    "body"))
        .hasMessage(
            "body: panel 2: give exactly one of query (log lines) or metric (a metric rule's"
                + " name)");
    assertThatThrownBy(() -> DashboardStore.parse("{\"id\":\"x\",\"from\":\"soon\"}", "body"))
        .hasMessageStartingWith("body: from: bad duration 'soon'");
    assertThatThrownBy(() -> DashboardStore.parse("[1]", "body"))
        .hasMessageStartingWith("body: a dashboard is a JSON object");

    Dashboard withoutId = DashboardStore.parse("{\"title\":\"Shop\"}", "body", "shop");
    assertThat(withoutId.id()).isEqualTo("shop");
    assertThat(DashboardStore.parse("{\"id\":\"other\"}", "body", "shop").id()).isEqualTo("other");
  }
}
