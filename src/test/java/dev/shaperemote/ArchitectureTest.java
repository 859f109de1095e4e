package dev.shaperemote;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layer table of docs/ARCHITECTURE.md, one rule a row: what each package may import. A row
 * changed there is changed here, so the map and the code cannot drift apart.
 */
@AnalyzeClasses(packages = "dev.shaperemote", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String JDK = "java..";
    private static final String MSGPACK = "org.msgpack..";
    private static final String JACKSON = "com.fasterxml.jackson.core..";

    @ArchTest
    static final ArchRule bytecode_imports_only_the_jdk = classes()
            .that().resideInAPackage("dev.shaperemote.bytecode..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "dev.shaperemote.bytecode..");

    @ArchTest
    static final ArchRule lang_imports_bytecode = classes()
            .that().resideInAPackage("dev.shaperemote.lang..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "dev.shaperemote.lang..", "dev.shaperemote.bytecode..");

    @ArchTest
    static final ArchRule vm_imports_bytecode = classes()
            .that().resideInAPackage("dev.shaperemote.vm..").and().resideOutsideOfPackage("dev.shaperemote.vm.jit..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "dev.shaperemote.vm..", "dev.shaperemote.bytecode..");

    @ArchTest
    static final ArchRule vm_jit_imports_vm_bytecode_and_asm = classes()
            .that().resideInAPackage("dev.shaperemote.vm.jit..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "dev.shaperemote.vm..", "dev.shaperemote.bytecode..",
                    "org.objectweb.asm..");

    @ArchTest
    static final ArchRule wire_imports_vm_bytecode_and_its_codecs = classes()
            .that().resideInAPackage("dev.shaperemote.wire..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "dev.shaperemote.wire..", "dev.shaperemote.vm..",
                    "dev.shaperemote.bytecode..", MSGPACK, JACKSON, "com.github.luben.zstd..");

    @ArchTest
    static final ArchRule remote_imports_wire_vm_lang_bytecode_and_caffeine = classes()
            .that().resideInAPackage("dev.shaperemote.remote..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "dev.shaperemote.remote..", "dev.shaperemote.wire..",
                    "dev.shaperemote.vm..", "dev.shaperemote.lang..", "dev.shaperemote.bytecode..", MSGPACK,
                    "com.github.benmanes.caffeine..");

    @ArchTest
    static final ArchRule client_imports_remote_and_below_picocli_and_jackson = classes()
            .that().resideInAPackage("dev.shaperemote.client")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "dev.shaperemote.client..", "dev.shaperemote.remote..",
                    "dev.shaperemote.wire..", "dev.shaperemote.vm..", "dev.shaperemote.lang..", "dev.shaperemote.bytecode..",
                    MSGPACK, JACKSON, "picocli..");

    /** The JMS helper runs in the caller's application, whose messaging provider it uses: Jakarta Messaging alone. */
    @ArchTest
    static final ArchRule client_jms_imports_remote_and_below_and_jakarta_messaging = classes()
            .that().resideInAPackage("dev.shaperemote.client.jms..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, "dev.shaperemote.client.jms..", "dev.shaperemote.remote..",
                    "dev.shaperemote.wire..", "dev.shaperemote.vm..", "dev.shaperemote.bytecode..", "jakarta.jms..");

    /** Worker and client are siblings over remote: what both need lives in remote, never in either. */
    @ArchTest
    static final ArchRule worker_never_imports_client = noClasses()
            .that().resideInAPackage("dev.shaperemote.worker..")
            .should().dependOnClassesThat().resideInAPackage("dev.shaperemote.client..");

    @ArchTest
    static final ArchRule client_never_imports_worker = noClasses()
            .that().resideInAPackage("dev.shaperemote.client..")
            .should().dependOnClassesThat().resideInAPackage("dev.shaperemote.worker..");

    /** The same code runs in the worker, the client jar and the command line: only the worker is Jakarta EE. */
    @ArchTest
    static final ArchRule nothing_below_worker_imports_jakarta = noClasses()
            .that().resideOutsideOfPackages("dev.shaperemote.worker..", "dev.shaperemote.client.jms..")
            .should().dependOnClassesThat().resideInAPackage("jakarta..");
}
