package dev.toka.kernel;

/** The open end of {@link Operation}: an operation added by a CDI {@link OpcodeHandler} bean, not by the kernel. */
public non-sealed interface ExtensionOperation extends Operation {}
