package com.partner.comptappart.webhook.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnreadableContentTypeFilterTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json; charset     | application/json",
        "Application/JSON ;=           | application/json",
        "a/b;c                         | application/x-unreadable-content-type",
        "/                             | application/x-unreadable-content-type",
        "'\"'                          | application/x-unreadable-content-type"
      })
  void jsonWithBrokenParametersIsReadAsJsonAnythingElseIsRefused(String sent, String repaired) {
    assertEquals(repaired, UnreadableContentTypeFilter.repaired(sent));
  }
}
