package dev.toka.api;

/** OpenAPI examples, kept in one place. */
final class Examples {

    static final String SPAWN_AGENT = """
            {"op":"spawn-agent","name":"researcher","type":"script"}""";
    static final String SPAWN_AGENT_WITH_TOKEN = """
            {"op":"spawn-agent","parent":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10","name":"helper","type":"script",\
            "token":{"permissions":["task:schedule"],"ttlSeconds":300}}""";
    static final String SCHEDULE_TASK = """
            {"op":"schedule-task","agent":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10","description":"summarise the report"}""";
    static final String EMIT_OBSERVATION = """
            {"op":"emit-observation","agent":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10","data":"aGVsbG8="}""";
    static final String SUSPEND_AGENT = """
            {"op":"suspend-agent","agent":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10"}""";
    static final String TERMINATE_AGENT = """
            {"op":"terminate-agent","agent":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10","reason":"done"}""";
    static final String COMPLETE_TASK = """
            {"op":"complete-task","agent":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10",\
            "taskId":"5d0c2a8e-8d1b-4c55-a3c1-1f4e0e6b9a77","attempt":1,"output":"the summary"}""";
    static final String STORED_EVENT = """
            {"position":3,"streamId":"agent-0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10","streamVersion":0,\
            "eventId":"5d0f7c43-5a3e-4f57-bb8c-1f1e1b2f7a11","type":"AgentSpawned",\
            "payload":{"agentId":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10","name":"researcher","type":"script","vault":"default"},\
            "metadata":{"principal":"admin","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7"},\
            "recordedAt":"2026-11-25T08:00:00.123456Z",\
            "previousHash":"9f2c…","hash":"4ab1…"}""";
    static final String OPERATION_RESULT = "{\"agentId\":\"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10\",\"event\":"
            + STORED_EVENT + "}";
    static final String EVENT_PAGE = "{\"events\":[" + STORED_EVENT + "],\"next\":4}";
    static final String VERIFY_INTACT = """
            {"ok":true,"checked":42,"headPosition":42,\
            "headHash":"4ab1f0c2d9e8b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a09f8e","fromPosition":0}""";
    // From the checkpoint of an earlier check at position 40: only the two events after it were checked.
    static final String VERIFY_FROM_CHECKPOINT = """
            {"ok":true,"checked":2,"headPosition":42,\
            "headHash":"4ab1f0c2d9e8b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a09f8e","fromPosition":40}""";
    // The chain head records position 42, but the last stored event is at 41: the last event was removed.
    static final String VERIFY_BROKEN = """
            {"ok":false,"checked":41,"firstBadPosition":42,"headPosition":42,\
            "headHash":"4ab1f0c2d9e8b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a09f8e","fromPosition":0}""";
    static final String AGENT = """
            {"id":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10","name":"researcher","type":"script","vault":"default",\
            "state":"ready","queuedTasks":[{"taskId":"c1d9…","description":"summarise the report","attempts":0}],"version":1}""";
    static final String AGENT_PAGE = """
            {"agents":[{"id":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10","name":"researcher","type":"script",\
            "vault":"default","state":"ready","createdAt":"2026-11-25T08:00:00.123456Z"},\
            {"id":"9a1e4c2b-7d3f-4b8e-a1c5-2e6f8d0b3a47","name":"helper","type":"script","vault":"default",\
            "parent":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10","state":"terminated",\
            "createdAt":"2026-11-25T08:00:01.5Z"}],"next":"YWdlbnRzOjE3","position":42}""";
    static final String PROBLEM_400_CURSOR = """
            {"type":"urn:toka:problem:invalid-request","title":"The request breaks a validation rule","status":400,\
            "detail":"cursor is not a cursor of the agents listing: pass the 'next' of its previous page unchanged,\
             or none for the first page","instance":"/api/v1/agents","field":"cursor"}""";
    static final String TOKEN_REQUEST = """
            {"subject":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10","permissions":["task:schedule","agent:spawn"],"ttlSeconds":900}""";
    static final String TOKEN_RESPONSE = """
            {"token":"eyJraWQiOi…","jti":"7e4b…","expiresAt":"2026-11-25T08:15:00Z"}""";
    static final String JWKS = """
            {"keys":[{"kty":"EC","crv":"P-256","x":"…","y":"…","kid":"3f0c…","alg":"ES256","use":"sig"}]}""";
    static final String PROBLEM_400 = """
            {"type":"urn:toka:problem:invalid-request","title":"The request breaks a validation rule","status":400,\
            "detail":"description must be at most 4096 UTF-8 bytes (got 4097)","instance":"/api/v1/operations",\
            "field":"description"}""";
    static final String PROBLEM_403 = """
            {"type":"urn:toka:problem:forbidden","title":"The credential does not allow this","status":403,\
            "detail":"the token lacks the permission 'task:schedule'","instance":"/api/v1/operations",\
            "missingPermission":"task:schedule"}""";

    static final String AUDIT_PAGE = """
            {"entries":[{"position":12,"recordedAt":"2026-11-25T08:00:01.5Z","entry":{"principal":"0b7c6f1e-…",\
            "action":"task:schedule","target":"9a1e…","decision":"deny",\
            "reason":"the token lacks the permission 'task:schedule'","status":403,"clientAddress":"127.0.0.1",\
            "tokenId":"7e4b…"}}],"next":13}""";
    static final String DELEGATE_REQUEST = """
            {"subject":"9a1e…","permissions":["task:schedule"],"ttlSeconds":300}""";
    static final String REVOKE_REQUEST = """
            {"jti":"7e4b…","reason":"key material leaked"}""";
    static final String SPEC_LIST = """
            [{"metadata":{"name":"notes","version":"v1","workstream":"release"},\
            "spec":{"name":"Release notes writer","domain":"docs","priority":"high","type":"script"},\
            "security":{"capabilities_required":["tool:fs.write"],"budget":{"tokens":20000,"cost":0.5}},\
            "tasks":{"default":[{"description":"write the notes","priority":"high",\
            "steps":["fs.write {\\"path\\":\\"notes.md\\",\\"content\\":\\"# 1.0\\"}"]}]}}]""";
    /** A multipart upload as a form: each part of the repeatable field {@code files} is one YAML file. */
    static final String SPEC_FILES_FORM = """
            {"files":["metadata:\\n  name: notes\\n  version: v1\\n  workstream: release\\nspec:\\n  name: Release notes writer\\n\
              domain: docs\\n  priority: high\\n  type: script\\nsecurity:\\n  capabilities_required: [tool:fs.write]\\n\
            tasks:\\n  default:\\n    - description: write the notes\\n      steps:\\n\
                    - 'fs.write {\\\"path\\\":\\\"notes.md\\\",\\\"content\\\":\\\"# 1.0\\\"}'\\n"]}""";
    static final String REVOKED = """
            {"jti":"7e4b…","subject":null}""";
    static final String RUN_CREATED = """
            {"runId":"3c1e9a4d-6a8e-4a51-9f0e-6f4f3f1b2c7d"}""";
    static final String RUN_VIEW = """
            {"id":"3c1e9a4d-6a8e-4a51-9f0e-6f4f3f1b2c7d","state":"completed","startedAt":"2026-11-25T08:00:00Z",\
            "finishedAt":"2026-11-25T08:00:02Z","durationMillis":2104,"failedAgents":[],"blockedAgents":[],\
            "budget":{"tokens":50000},"usage":{"promptTokens":812,"completionTokens":96,"totalTokens":908,\
            "cost":0.0021,"calls":2},"waves":[["notes"]],\
            "specsSha256":"5d0f3c1e9a4d6a8e4a519f0e6f4f3f1b2c7d3c1e9a4d6a8e4a519f0e6f4f3f1b",\
            "agents":[{"name":"notes","agentId":"0b7c6f1e-…","state":"completed","requires":[],"tasks":1,\
            "completedTasks":1,"progress":1.0,"startedAt":"2026-11-25T08:00:00.2Z",\
            "finishedAt":"2026-11-25T08:00:02Z","version":"v1.0.0",\
            "specSha256":"9a4d6a8e4a519f0e6f4f3f1b2c7d3c1e9a4d6a8e4a519f0e6f4f3f1b5d0f3c1e",\
            "result":"{\\"sources\\":3}",\
            "resultSha256":"e3f1b2c7d3c1e9a4d6a8e4a519f0e6f4f3f1b5d0f3c1e9a4d6a8e4a519f0e6f4"}]}""";
    static final String RUN_PAGE = """
            {"runs":[{"id":"3c1e9a4d-6a8e-4a51-9f0e-6f4f3f1b2c7d","state":"failed","specs":["notes","review"],\
            "specVersions":["notes@1.2.0","review@2.0.1"],\
            "specsSha256":"5d0f3c1e9a4d6a8e4a519f0e6f4f3f1b2c7d3c1e9a4d6a8e4a519f0e6f4f3f1b",\
            "startedAt":"2026-11-25T08:00:00Z","endedAt":"2026-11-25T08:00:02Z","failedAgents":["notes"],\
            "blockedAgents":["review"]}],"next":null,"position":57}""";
    static final String READ_MODELS_REBUILT = """
            [{"name":"agents read model","position":57},{"name":"audit index","position":57},\
            {"name":"runs read model","position":57}]""";
    static final String CANCEL_REQUEST = """
            {"reason":"superseded by a newer run"}""";
    static final String SSE_EVENT = "id: 3\nevent: AgentSpawned\ndata: " + STORED_EVENT + "\n";
    static final String RUN_EVENTS = "[" + STORED_EVENT + "]";
    static final String WORKSTREAM_VALID = """
            {"valid":true,"agents":["notes","review"],"waves":[["notes"],["review"]]}""";
    static final String PROBLEM_422 = """
            {"type":"urn:toka:problem:invalid-workstream","title":"The workstream specs break validation rules","status":422,\
            "detail":"2 errors","instance":"/api/v1/runs","errors":[{"file":"b.yaml",\
            "field":"dependencies.required.ghost","rule":"agent 'b' depends on agent 'ghost', which is not in the set"},\
            {"file":"a.yaml","field":"security.budget.tokens","rule":"must be a positive whole number"}]}""";
    static final String PROBLEM_409_AGENT = """
            {"type":"urn:toka:problem:agent-state-conflict","title":"The agent's state does not allow this",\
            "status":409,"detail":"agent 9a1e… is terminated: it accepts no more operations",\
            "instance":"/api/v1/operations","agentId":"9a1e…","state":"terminated"}""";
    static final String PROBLEM_409_APPROVAL = """
            {"type":"urn:toka:problem:agent-state-conflict","title":"The agent's state does not allow this",\
            "status":409,"detail":"agent 9a1e… is running: approval 7f2c… was already decided: granted",\
            "instance":"/api/v1/approvals/7f2c…/grant","agentId":"9a1e…","state":"running"}""";
    static final String PROBLEM_409_RUN = """
            {"type":"urn:toka:problem:run-state-conflict","title":"The run's state does not allow this",\
            "status":409,"detail":"run 3c1e…: it has already ended","instance":"/api/v1/runs/3c1e…/cancel",\
            "runId":"3c1e…"}""";
    static final String PROBLEM_404_RUN = """
            {"type":"urn:toka:problem:not-found","title":"No such resource","status":404,\
            "detail":"no run 3c1e…","instance":"/api/v1/runs/3c1e…","runId":"3c1e…"}""";

    static final String TOOL_LIST = """
            {"tools":[{"id":"fs.read","version":"1.0.0","description":"Reads a UTF-8 text file of the workspace",\
            "permission":"tool:fs.read","sideEffect":"read-only","inputSchema":{"type":"object","required":["path"],\
            "properties":{"path":{"type":"string"}}},"network":false,"effects":["reads-local"],\
            "provenance":"trusted"}]}""";
    static final String TOOL_INVOKE = """
            {"input":{"path":"notes/summary.md","content":"# Summary"},"run":"7f3c2a","agent":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10",\
            "idempotencyKey":{"task":"c1d9","step":2,"attempt":0}}""";
    static final String TOOL_INVOKE_MINIMAL = """
            {"input":{"path":"notes/summary.md"}}""";
    static final String TOOL_RESULT = """
            {"tool":"fs.write","output":{"path":"notes/summary.md","bytes":9},"replayed":false,"durationMillis":3}""";
    static final String PROBLEM_TOOL_INPUT = """
            {"type":"urn:toka:problem:invalid-tool-input","title":"The tool input breaks its schema or a sandbox rule",\
            "status":400,"detail":"/path must not contain '..'","instance":"/api/v1/tools/fs.read/invoke","field":"/path"}""";
    static final String PROBLEM_TOOL_FAILED = """
            {"type":"urn:toka:problem:tool-failed","title":"The tool ran and failed","status":422,\
            "detail":"'sh' ran longer than PT30S; its process tree was killed","instance":"/api/v1/tools/process.exec/invoke",\
            "toolId":"process.exec"}""";
    static final String PROBLEM_TOOL_IN_PROGRESS = """
            {"type":"urn:toka:problem:tool-call-in-progress","title":"A call with this idempotency key is still running",\
            "status":409,"detail":"a call with this idempotency key is still running; repeat it later for its result",\
            "instance":"/api/v1/tools/fs.write/invoke","stream":"toolcall-5e1f…"}""";

    private Examples() {}

    static final String APPROVAL = """
            {"approvalId":"3f9d2c1a-6b7e-4d5f-8a9b-0c1d2e3f4a5b","agentId":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10",\
            "agentName":"deployer","taskId":"5d0c2a8e-8d1b-4c55-a3c1-1f4e0e6b9a77","toolId":"deploy",\
            "argumentsSha256":"9b74c9897bac770ffc029102a200c5de1b1a3e4b9d2f1c6e8a7b5d4c3f2e1a09","state":"pending",\
            "expiresAt":"2026-11-25T09:00:00Z"}""";
    static final String APPROVAL_LIST = "{\"approvals\":[" + APPROVAL + "]}";
    static final String APPROVAL_GRANTED = """
            {"approval":{"approvalId":"3f9d2c1a-6b7e-4d5f-8a9b-0c1d2e3f4a5b",\
            "agentId":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10","agentName":"deployer",\
            "taskId":"5d0c2a8e-8d1b-4c55-a3c1-1f4e0e6b9a77","toolId":"deploy",\
            "argumentsSha256":"9b74c9897bac770ffc029102a200c5de1b1a3e4b9d2f1c6e8a7b5d4c3f2e1a09","state":"granted",\
            "expiresAt":"2026-11-25T09:00:00Z"},"tokenId":"7e4b1c2d-0a9f-4e8d-b7c6-5a4f3e2d1c0b",\
            "tokenExpiresAt":"2026-11-25T08:20:00Z"}""";
    static final String APPROVAL_REJECT = """
            {"reason":"not on a Friday"}""";
    static final String APPROVAL_REJECTED = """
            {"approvalId":"3f9d2c1a-6b7e-4d5f-8a9b-0c1d2e3f4a5b","agentId":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10",\
            "agentName":"deployer","taskId":"5d0c2a8e-8d1b-4c55-a3c1-1f4e0e6b9a77","toolId":"deploy",\
            "argumentsSha256":"9b74c9897bac770ffc029102a200c5de1b1a3e4b9d2f1c6e8a7b5d4c3f2e1a09","state":"rejected",\
            "expiresAt":"2026-11-25T09:00:00Z","reason":"not on a Friday"}""";
    static final String APPROVAL_SSE_EVENT = """
            id: 57
            event: ApprovalRequested
            data: {"position":57,"streamId":"agent-0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10","streamVersion":4,\
            "type":"ApprovalRequested","payload":{"agentId":"0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10",\
            "taskId":"5d0c2a8e-8d1b-4c55-a3c1-1f4e0e6b9a77","approvalId":"3f9d2c1a-6b7e-4d5f-8a9b-0c1d2e3f4a5b",\
            "toolId":"deploy","argumentsSha256":"9b74c9897bac770ffc029102a200c5de1b1a3e4b9d2f1c6e8a7b5d4c3f2e1a09",\
            "attempt":1,"step":0,"modelCall":55,"expiresAt":"2026-11-25T09:00:00Z"}}
            """;
}
