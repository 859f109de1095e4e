package dev.shaperemote.vm.jit;

import dev.shaperemote.bytecode.FunctionProto;

import java.util.Arrays;

/**
 * Stands in for a generic variant the compiler would not write: the interpreter runs the call from
 * its first instruction, its frame being the arguments and the other locals unset, as a call sets it up.
 */
final class FromStart extends CompiledFunction {
    @Override public Object call(JitContext ctx, FunctionProto self, Object[] args) {
        return ctx.resume(self, Arrays.copyOf(args, self.localsCount), 0);
    }
}
