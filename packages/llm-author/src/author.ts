import type { Diagnostic } from '@synth/spec';
import { diag } from '@synth/spec';
import { checkDraft } from './check-draft.js';
import { readEnvelope } from './envelope.js';
import { LlmError } from './llm-error.js';
import { llmErrorDiagnostic } from './llm-diagnostic.js';
import { createModelCaller, type CallLog } from './model-call.js';
import { followUpMessage, PROMPT_VERSION, repairMessage, requestMessage, revisionMessage, type SampleContext } from './prompts.js';
import { createProvider } from './providers/create-provider.js';
import { PromptCancelled, type Asker } from './questions.js';
import { runRepairLoop } from './repair-loop.js';
import type { RetryOptions } from './retry.js';
import type { AuthorSettings } from './settings.js';
import type { SessionRecord, StateStore } from './state-store.js';
import type { Assumption, LlmProvider } from './types.js';

export interface AuthorRequest {
  settings: AuthorSettings;
  store: StateStore;
  /** The description (new spec), the change (revision) or a follow-up (resume; optional there). */
  request?: string;
  /** Where the spec goes, as the user named it (diagnostics say this name). */
  output: string;
  /** The absolute directory it goes to (the root of its output paths). */
  outputDir?: string;
  /** `--from`: the spec being revised, its text and current problems. */
  from?: { path: string; text: string; diagnostics: Diagnostic[] };
  /** `--resume`: the session to continue. */
  resume?: SessionRecord;
  sample?: SampleContext;
  useCache: boolean;
  asker: Asker;
  retry?: RetryOptions;
  log: CallLog;
  /** Tests and embedders may pass a provider; otherwise the settings choose one. */
  provider?: LlmProvider;
}

export type AuthorResult =
  | { ok: true; text: string; assumptions: Assumption[]; diagnostics: Diagnostic[]; session: SessionRecord }
  | { ok: false; diagnostics: Diagnostic[]; sources: Map<string, string>; session: SessionRecord; cancelled?: true };

/**
 * One `synth author` run: open or continue a session, run the draft-compile-repair loop, and keep the
 * conversation after every exchange. Returns the checked YAML; writing it (after a diff, for a revision)
 * is the caller's job, and so is marking the session written.
 */
export async function authorSpec(req: AuthorRequest): Promise<AuthorResult> {
  const { settings, store } = req;
  const now = new Date().toISOString();
  const session: SessionRecord = req.resume
    ? { ...req.resume, provider: settings.provider, model: settings.model, promptVersion: PROMPT_VERSION, status: 'in-progress' }
    : {
      id: store.newSessionId(),
      createdAt: now,
      updatedAt: now,
      kind: req.from ? 'revise' : 'draft',
      request: req.request ?? '',
      output: req.output,
      ...(req.from ? { from: req.from.path } : {}),
      provider: settings.provider,
      model: settings.model,
      promptVersion: PROMPT_VERSION,
      messages: [],
      status: 'in-progress',
      calls: 0,
      assumptions: [],
    };
  const messages = session.messages;
  const startCalls = session.calls;

  if (!req.resume) {
    messages.push(req.from ? revisionMessage(req.from.text, req.request ?? '', req.from.diagnostics) : requestMessage(req.request ?? '', req.sample));
  } else if (req.request !== undefined && req.request.trim() !== '') {
    messages.push(followUpMessage(req.request));
  } else if (session.lastDraft !== undefined) {
    // Resumed with nothing new to say: a draft that passes now is the answer; otherwise carry on repairing.
    const check = checkDraft(session.lastDraft, req.output, req.outputDir);
    if (check.ok) {
      await store.saveSession(session);
      return { ok: true, text: session.lastDraft, assumptions: session.assumptions, diagnostics: check.diagnostics, session };
    }
    if (messages.at(-1)?.role === 'assistant') messages.push(repairMessage(check.diagnostics.filter((d) => d.severity === 'error')));
  }
  await store.saveSession(session);

  const provider = req.provider ?? (await createProvider(settings, (m) => req.log.warn(m)));
  const call = createModelCaller({ provider, store, useCache: req.useCache, retry: req.retry ?? {}, log: req.log, usable: readEnvelope });
  const header = [
    `Drafted by synth author (${settings.provider} ${settings.model}, prompt v${PROMPT_VERSION}); review it like code.`,
    `Request: ${oneLine(session.request)}`,
  ];
  try {
    const outcome = await runRepairLoop({
      call,
      asker: req.asker,
      messages,
      rounds: settings.rounds,
      temperature: settings.temperature,
      maxTokens: settings.maxTokens,
      draftPath: req.output,
      ...(req.outputDir !== undefined ? { specDir: req.outputDir } : {}),
      header,
      ...(req.from ? { base: req.from.text } : {}),
      askQuestions: !req.resume,
      onProgress: async (state) => {
        session.calls = startCalls + state.calls;
        if (state.lastDraft !== undefined) session.lastDraft = state.lastDraft;
        session.assumptions = state.assumptions;
        await store.saveSession(session);
      },
    });
    if (outcome.ok) {
      return { ok: true, text: outcome.text, assumptions: outcome.assumptions, diagnostics: outcome.diagnostics, session };
    }
    session.status = 'failed';
    await store.saveSession(session);
    if (outcome.reason === 'malformed') {
      return { ok: false, diagnostics: [diag('llmMalformed', { detail: `${outcome.detail} (${settings.rounds} attempts)` })], sources: new Map(), session };
    }
    const summary = diag('llmNoValidSpec', { rounds: settings.rounds, session: session.id });
    return { ok: false, diagnostics: [summary, ...outcome.diagnostics], sources: new Map(outcome.text !== undefined ? [[req.output, outcome.text]] : []), session };
  } catch (e) {
    if (e instanceof PromptCancelled) {
      // Ctrl-C at a question: the conversation so far is kept, and can be resumed.
      await store.saveSession(session);
      return { ok: false, diagnostics: [], sources: new Map(), session, cancelled: true };
    }
    if (!(e instanceof LlmError)) throw e;
    session.status = 'failed';
    await store.saveSession(session);
    return { ok: false, diagnostics: [llmErrorDiagnostic(e, settings, session.id)], sources: new Map(), session };
  }
}

/** Marks how a run ended, once the caller has written the spec (or not). */
export async function finishSession(store: StateStore, session: SessionRecord, status: 'written' | 'not-written'): Promise<void> {
  session.status = status;
  await store.saveSession(session);
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}
