package dev.toka.kernel;

/** The open end of {@link KernelEvent}: an event emitted by an extension {@link OpcodeHandler}. */
public non-sealed interface ExtensionEvent extends KernelEvent {}
