package io.rvnt.app.canary;

import io.rvnt.canary.openpgp.Fingerprint;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values with the canary's formats and one-line errors. */
final class Converters {
  private Converters() {}

  static final class IsoDate implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not a date as YYYY-MM-DD");
      }
    }
  }

  static final class KeyFingerprint implements ITypeConverter<Fingerprint> {
    @Override
    public Fingerprint convert(String value) {
      try {
        return Fingerprint.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
