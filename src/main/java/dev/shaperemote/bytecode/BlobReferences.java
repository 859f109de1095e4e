package dev.shaperemote.bytecode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The functions a blob refers to: its dependencies by hash, and the peers of its recursive cycle by name. */
public final class BlobReferences {
    private BlobReferences() {}

    /** Names of the functions this blob reaches by name (members of its recursive cycle), in first-use order. */
    public static List<String> byName(FunctionBlob blob) {
        int[] code = blob.code();
        Set<String> names = new LinkedHashSet<>();
        for (int ip = 0; ip < code.length; ) {
            int len = Op.length(code, ip);
            if (len <= 0 || ip + len > code.length) break; // malformed code is the verifier's to report
            int op = code[ip];
            if (Op.takesFunction(op) && code[ip + 1] < 0) {
                int s = -1 - code[ip + 1];
                if (s < blob.strings().size()) names.add(blob.strings().get(s));
            }
            ip += len;
        }
        return new ArrayList<>(names);
    }
}
