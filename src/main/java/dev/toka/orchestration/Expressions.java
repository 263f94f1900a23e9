package dev.toka.orchestration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.Program;
import java.util.Map;

/**
 * The expressions of a workstream (conditions, loop ends, fan-out lists, output mappings) in CEL, the Common
 * Expression Language: side-effect free, always terminating, no I/O. Each sees the variables {@code deps}
 * (dependency name to {@code {result, state}}), {@code result} and {@code iteration} (a loop's latest
 * iteration) and {@code tasks} (an agent's task results, in order); results that are JSON are values.
 * Expressions are compiled when the specs load, so a broken one is a validation error.
 */
final class Expressions {

    /** Longest expression, in characters. */
    static final int MAX_LENGTH = 1024;
    private static final CelOptions OPTIONS = CelOptions.current().comprehensionMaxIterations(10_000)
            .maxParseRecursionDepth(32).build();
    private static final CelCompiler VALUES = compiler(null);
    private static final CelCompiler CONDITIONS = compiler(SimpleType.BOOL);
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    /** Compiled programs by kind and text; the specs of all runs use few distinct expressions. */
    private static final Cache<String, Program> PROGRAMS = Caffeine.newBuilder().maximumSize(10_000).build();

    private Expressions() {}

    private static CelCompiler compiler(CelType resultType) {
        var builder = CelCompilerFactory.standardCelCompilerBuilder().setOptions(OPTIONS)
                .addVar("deps", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .addVar("result", SimpleType.DYN)
                .addVar("iteration", SimpleType.INT)
                .addVar("tasks", ListType.create(SimpleType.DYN));
        return resultType == null ? builder.build() : builder.setResultType(resultType).build();
    }

    /** Why the expression is not a valid condition (a boolean), or {@code null}. */
    static String problemWithCondition(String expression) {
        return problemWith(expression, true);
    }

    /** Why the expression is not a valid value expression, or {@code null}. */
    static String problemWithValue(String expression) {
        return problemWith(expression, false);
    }

    private static String problemWith(String expression, boolean condition) {
        if (expression.length() > MAX_LENGTH) {
            return "must be a CEL expression of at most " + MAX_LENGTH + " characters";
        }
        try {
            program(expression, condition);
            return null;
        } catch (InvalidExpression e) {
            return e.getMessage();
        }
    }

    /** Whether the condition holds over {@code variables}. */
    static boolean holds(String condition, Map<String, Object> variables) {
        return Boolean.TRUE.equals(evaluate(program(condition, true), condition, variables));
    }

    /** The value of the expression over {@code variables}: maps, lists, strings, numbers, booleans. */
    static Object valueOf(String expression, Map<String, Object> variables) {
        return evaluate(program(expression, false), expression, variables);
    }

    private static Object evaluate(Program program, String expression, Map<String, Object> variables) {
        try {
            return program.eval(variables);
        } catch (CelEvaluationException e) {
            throw new InvalidExpression("'" + expression + "' could not be evaluated: " + e.getMessage());
        }
    }

    private static Program program(String expression, boolean condition) {
        return PROGRAMS.get((condition ? "c:" : "v:") + expression, key -> {
            try {
                CelAbstractSyntaxTree ast = (condition ? CONDITIONS : VALUES).compile(expression).getAst();
                return RUNTIME.createProgram(ast);
            } catch (CelValidationException e) {
                throw new InvalidExpression("must be a valid CEL " + (condition ? "condition" : "expression") + ": "
                        + e.getMessage().lines().findFirst().orElse(""));
            } catch (CelEvaluationException e) {
                throw new InvalidExpression("must be a valid CEL expression: " + e.getMessage());
            }
        });
    }

    /** An expression that does not compile, or failed when evaluated. */
    static final class InvalidExpression extends RuntimeException {
        InvalidExpression(String message) {
            super(message, null, false, false);
        }
    }
}
