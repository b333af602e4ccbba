package com.partner.comptappart.orders.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * JPA 3.1 has no mapping for {@link Instant} (EclipseLink would store it serialised), but maps
 * {@link OffsetDateTime}: instants go to {@code TIMESTAMP WITH TIME ZONE} columns in UTC.
 */
@Converter(autoApply = true)
public class UtcInstantConverter implements AttributeConverter<Instant, OffsetDateTime> {

  @Override
  public OffsetDateTime convertToDatabaseColumn(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  @Override
  public Instant convertToEntityAttribute(OffsetDateTime dateTime) {
    return dateTime == null ? null : dateTime.toInstant();
  }
}
