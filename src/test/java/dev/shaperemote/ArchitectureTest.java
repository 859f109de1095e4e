package dev.shaperemote;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layers of DESIGN.md: each package only looks down, and only worker touches Jakarta EE (client.jms: Jakarta Messaging alone). */
@AnalyzeClasses(packages = "dev.shaperemote", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheWorkerUsesJakarta = noClasses()
            .that().resideOutsideOfPackages("dev.shaperemote.worker..", "dev.shaperemote.client.jms..")
            .should().dependOnClassesThat().resideInAPackage("jakarta..");

    /** The JMS helper runs in the caller's application: plain Jakarta Messaging (its provider is the caller's), no other Jakarta API. */
    @ArchTest
    static final ArchRule theJmsHelperUsesOnlyJakartaMessaging = noClasses()
            .that().resideInAPackage("dev.shaperemote.client.jms..")
            .should().dependOnClassesThat(resideInAPackage("jakarta..").and(not(resideInAPackage("jakarta.jms.."))));

    @ArchTest
    static final ArchRule theClientNeedsNoWorkerCode = noClasses()
            .that().resideInAPackage("dev.shaperemote.client..")
            .should().dependOnClassesThat().resideInAPackage("dev.shaperemote.worker..");

    /** Worker and client are siblings over remote: what both need (running source locally, say) lives in remote. */
    @ArchTest
    static final ArchRule theWorkerNeedsNoClientCode = noClasses()
            .that().resideInAPackage("dev.shaperemote.worker..")
            .should().dependOnClassesThat().resideInAPackage("dev.shaperemote.client..");

    @ArchTest
    static final ArchRule theCoreKnowsNothingOfTheLayersAbove = noClasses()
            .that().resideInAnyPackage("dev.shaperemote.lang..", "dev.shaperemote.bytecode..", "dev.shaperemote.vm..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.shaperemote.wire..", "dev.shaperemote.remote..",
                    "dev.shaperemote.client..", "dev.shaperemote.worker..");

    @ArchTest
    static final ArchRule bytecodeStandsAlone = noClasses()
            .that().resideInAPackage("dev.shaperemote.bytecode..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.shaperemote.lang..", "dev.shaperemote.vm..");

    @ArchTest
    static final ArchRule theVmDoesNotCompile = noClasses()
            .that().resideInAPackage("dev.shaperemote.vm..")
            .should().dependOnClassesThat().resideInAPackage("dev.shaperemote.lang..");

    @ArchTest
    static final ArchRule wireIsBelowRemoteClientAndWorker = noClasses()
            .that().resideInAPackage("dev.shaperemote.wire..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.shaperemote.remote..", "dev.shaperemote.client..",
                    "dev.shaperemote.worker..", "dev.shaperemote.lang..");

    @ArchTest
    static final ArchRule remoteIsBelowClientAndWorker = noClasses()
            .that().resideInAPackage("dev.shaperemote.remote..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.shaperemote.client..", "dev.shaperemote.worker..");
}
