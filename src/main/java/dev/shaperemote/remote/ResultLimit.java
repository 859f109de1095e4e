package dev.shaperemote.remote;

import dev.shaperemote.vm.ShapeError;
import dev.shaperemote.wire.EncodedSize;
import dev.shaperemote.wire.WireException;

import java.util.function.BooleanSupplier;

/**
 * Refuses a call's result whose encoding would be larger than the call's memory budget (the worker
 * holds that encoding for the call), counting as it encodes and stopping at the limit.
 */
public final class ResultLimit {
    private ResultLimit() {}

    /**
     * @throws ShapeError ResourceLimit when the encoding passes {@code maxBytes}, Timeout when the call is
     *     cancelled while it is measured, ArgumentError when the wire cannot carry the value at all
     */
    public static void check(Object value, long maxBytes, BooleanSupplier cancelled) {
        EncodedSize.Outcome outcome;
        try {
            outcome = EncodedSize.measure(value, maxBytes, cancelled);
        } catch (WireException e) {
            throw new ShapeError(ShapeError.Kind.ArgumentError, "the result cannot be sent: " + e.getMessage());
        }
        switch (outcome) {
            case TOO_LARGE -> throw ShapeError.limit("the result's encoding is larger than the memory budget of " + maxBytes
                    + " bytes; return a smaller value (a summary, or a page of it) or raise the budget");
            case CANCELLED -> throw new ShapeError(ShapeError.Kind.Timeout, "the call was cancelled: it ran past its time budget");
            case FITS -> { }
        }
    }
}
