/**
 * Lifecycle of the imr-lsp language client: locate the binary, start it over
 * stdio, restart on demand or when `imr.server.path` changes.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ensureExecutable, resolveServer, type ResolvedServer } from './core/serverPath';
import { initializationOptions, serverPathSetting } from './core/settings';

export const LANGUAGE_ID = 'imr';
const CLIENT_ID = 'imr'; // makes vscode-languageclient read `imr.trace.server`
const CLIENT_NAME = 'IMR Language Server';

export type ServerState = 'stopped' | 'starting' | 'running' | 'failed';

export class ServerManager implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private state: ServerState = 'stopped';
  /** Serialises start/stop so a quick double restart cannot start two servers. */
  private queue: Promise<void> = Promise.resolve();
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.OutputChannel,
  ) {}

  get currentState(): ServerState {
    return this.state;
  }

  /**
   * Start if stopped. After a failed start this does nothing: opening more
   * letters should not repeat the error; the restart command or a new
   * `imr.server.path` retries.
   */
  ensureStarted(): Promise<void> {
    if (this.state !== 'stopped') {
      return this.queue;
    }
    return this.enqueue(() => this.doStart());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  dispose(): void {
    void this.stop();
    this.stateEmitter.dispose();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task, task);
    return this.queue;
  }

  private setState(state: ServerState): void {
    this.state = state;
    this.stateEmitter.fire(state);
  }

  private resolve(): ResolvedServer | undefined {
    const config = vscode.workspace.getConfiguration('imr');
    // In Restricted Mode nothing the folder says picks the program to run (package.json
    // also lists imr.server.path in restrictedConfigurations).
    const trusted = vscode.workspace.isTrusted;
    const result = resolveServer({
      settingPath: serverPathSetting(config.get<string>('server.path') ?? '', config.inspect('server.path'), trusted),
      extensionPath: this.context.extensionPath,
      workspaceFolder: trusted ? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath : undefined,
    });
    if (!trusted) {
      this.output.appendLine('[imr] Restricted Mode: the folder is not trusted; no server path or guideline catalog is taken from it');
    }
    if (!result.ok) {
      this.output.appendLine(`[imr] ${result.message}`);
      void showServerError(result.message);
      return undefined;
    }
    if (result.server.source === 'bundled') {
      const problem = ensureExecutable(result.server.command);
      if (problem !== undefined) {
        this.output.appendLine(`[imr] ${problem}`);
      }
    }
    this.output.appendLine(`[imr] using ${result.server.source} server: ${result.server.command}`);
    return result.server;
  }

  private async doStart(): Promise<void> {
    if (this.client !== undefined) {
      await this.doStop(); // a client that crashed for good is still around
    }
    const server = this.resolve();
    if (server === undefined) {
      this.setState('failed');
      return;
    }
    // Explicit '--stdio' and no `transport`: with TransportKind.stdio the
    // client would append '--stdio' itself, and the server accepts either.
    const serverOptions: ServerOptions = {
      run: { command: server.command, args: ['--stdio'] },
      debug: { command: server.command, args: ['--stdio'], options: { env: { ...process.env, RUST_BACKTRACE: '1' } } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: LANGUAGE_ID },
        { scheme: 'untitled', language: LANGUAGE_ID },
      ],
      // Evaluated at every (re)start, so a restart picks up changed settings and trust.
      initializationOptions: () =>
        initializationOptions((key) => vscode.workspace.getConfiguration('imr').get<unknown>(key), vscode.workspace.isTrusted),
      synchronize: {
        // Sends workspace/didChangeConfiguration when anything under `imr` changes.
        configurationSection: 'imr',
        fileEvents: vscode.workspace.createFileSystemWatcher('**/.imr/guidelines.{toml,json}'),
      },
      outputChannel: this.output,
      traceOutputChannel: this.output,
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    // Mirror the client's own restarts after a crash (its error handler retries
    // a few times) so the status bar and ensureStarted() see the real state.
    client.onDidChangeState((e) => {
      if (this.client !== client || this.state === 'starting') {
        return;
      }
      if (e.newState === State.Running) {
        this.setState('running');
      } else if (e.newState === State.Stopped) {
        this.setState('stopped');
      }
    });
    this.client = client;
    this.setState('starting');
    try {
      await client.start();
      this.setState('running');
    } catch (err) {
      const message = `The IMR language server (${server.command}) failed to start: ${err instanceof Error ? err.message : String(err)}`;
      this.output.appendLine(`[imr] ${message}`);
      this.client = undefined;
      this.setState('failed');
      void showServerError(message);
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      try {
        // A client that never reached Running rejects stop(); nothing to do then.
        await client.stop(2000);
      } catch (err) {
        this.output.appendLine(`[imr] stopping the server: ${err instanceof Error ? err.message : String(err)}`);
      }
      await client.dispose().catch(() => undefined);
    }
    this.setState('stopped');
  }
}

async function showServerError(message: string): Promise<void> {
  const openSettings = 'Open Settings';
  const showLog = 'Show Log';
  const choice = await vscode.window.showErrorMessage(`IMR: ${message}`, openSettings, showLog);
  if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'imr.server.path');
  } else if (choice === showLog) {
    await vscode.commands.executeCommand('imr.showLog');
  }
}
