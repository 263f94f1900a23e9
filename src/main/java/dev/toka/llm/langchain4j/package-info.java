/** The LLM gateway on LangChain4j: the Quarkus LangChain4j OpenAI models, their guards, redaction, recording and replay. */
package dev.toka.llm.langchain4j;
