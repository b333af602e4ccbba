package com.partner.comptappart.invoices.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DownloadNameTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "facture_FQCA-2026-001207.pdf | facture_FQCA-2026-001207.pdf",
        "../../etc/passwd | passwd",
        "C:\\\\temp\\\\a.pdf | a.pdf",
        "\"quoted\".pdf | quoted.pdf",
        ".hidden.pdf | hidden.pdf",
        "a;b.pdf | ab.pdf",
        "''  | ''"
      })
  void suggestedNamesAreMadeSafeForTheHeader(String suggested, String safe) {
    assertEquals(safe, DownloadName.safe(suggested));
  }

  @org.junit.jupiter.api.Test
  void controlCharactersAreDropped() {
    assertEquals("ab.pdf", DownloadName.safe("a\r\nb\u0000.pdf"));
  }
}
