package dev.shaperemote.vm.jit;

/** The compiler does not handle this function (an instruction outside its subset, a shape it cannot type): the interpreter runs it. */
final class Refused extends Exception {
    Refused(String reason) { super(reason, null, false, false); }
}
