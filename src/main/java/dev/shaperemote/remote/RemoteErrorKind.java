package dev.shaperemote.remote;

import dev.shaperemote.vm.ShapeError;

/** Why a remote call failed (WIRE.md section 9); travels as the bare variant name. */
public enum RemoteErrorKind {
    /** No function matches the hash, id or name, or the name is ambiguous. */
    FunctionNotFound,
    /** Arguments or upvalues cannot be materialised, wrong arity, bad sidecar, blob hash mismatch. */
    ArgumentError,
    /** The function itself failed; the message names the function and line. */
    RuntimeError,
    /** Source (Execute, Validate, a local run) that does not compile; never the kind of a call's answer. */
    CompileError,
    /** A dependency blob is held neither in the request nor in the cache; the caller should resend it. */
    MissingModuleFunction,
    /** The call outlived its time budget; the VM was stopped. */
    Timeout,
    /** An instruction, memory, stack-depth or output budget was exhausted. */
    ResourceLimit,
    /** The worker sheds load; safe to retry later. */
    Overloaded,
    /** A frame or message that does not follow the wire contract. */
    ProtocolError,
    /** Missing or wrong credentials, or someone else's connection token. */
    Unauthorized;

    /** The kind of a VM failure: each VM kind has the remote kind of its name. */
    public static RemoteErrorKind of(ShapeError.Kind kind) {
        return switch (kind) {
            case CompileError -> CompileError;
            case RuntimeError -> RuntimeError;
            case ResourceLimit -> ResourceLimit;
            case Timeout -> Timeout;
            case ArgumentError -> ArgumentError;
            case FunctionNotFound -> FunctionNotFound;
        };
    }

    /** The kind named {@code name}, or null when there is none. */
    public static RemoteErrorKind named(String name) {
        for (RemoteErrorKind k : values()) if (k.name().equals(name)) return k;
        return null;
    }
}
