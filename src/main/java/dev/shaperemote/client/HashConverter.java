package dev.shaperemote.client;

import dev.shaperemote.bytecode.FunctionHash;
import picocli.CommandLine;

import java.util.HexFormat;

/** Reads a blob hash given on the command line: 64 hex digits (SHA-256), either case. */
final class HashConverter implements CommandLine.ITypeConverter<FunctionHash> {
    @Override public FunctionHash convert(String value) {
        String hex = value.strip();
        if (hex.length() != 2 * FunctionHash.LENGTH || !hex.chars().allMatch(HexFormat::isHexDigit)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a hash: expected 64 hex digits");
        }
        return FunctionHash.fromHex(hex.toLowerCase(java.util.Locale.ROOT));
    }
}
