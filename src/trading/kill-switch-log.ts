/**
 * The kill switch is a file that `conclave halt`, `conclave resume` or a plain `touch HALT` change from outside the
 * daemon, so no code path of the daemon sees the change happen. An operator tailing the logs must still read it: each
 * observation (one per health line) compares with the last and logs a change, with the halt file's reason.
 */
import type { Logger } from '../core/logger.js';
import type { KillSwitch, KillSwitchState } from './kill-switch.js';

export class KillSwitchLog {
  private last: boolean | null = null;
  /** The reason and flatten last logged: a halt renewed (`conclave halt --reason`, `--flatten` on a halt) is said again. */
  private said: { reason: string | undefined; flatten: boolean } | null = null;

  constructor(
    private readonly killSwitch: Pick<KillSwitch, 'state'>,
    private readonly logger: Logger,
  ) {}

  /** Whether entries are halted now; logs when that changed since the last call (or is on at the first). */
  observe(): boolean {
    return this.observeState().halted;
  }

  /** The kill switch's state now (the health line carries its flatten); logs a change as `observe` does. */
  observeState(): KillSwitchState {
    const state = this.killSwitch.state();
    const renewed = state.halted && this.last === true && this.said !== null && (state.reason !== this.said.reason || (state.flatten === true && !this.said.flatten));
    if (state.halted !== (this.last ?? false) || renewed) {
      if (state.halted) {
        this.said = { reason: state.reason, flatten: state.flatten === true };
        // Observed once per health line: a flatten may be done before the first one sees the halt.
        const flatten = state.flatten === true || state.flattened === true;
        this.logger.warn(
          { reason: state.reason, since: state.since, flatten },
          state.flatten
            ? 'kill switch on: no new entries, and open positions are being closed (flatten), until `conclave resume`'
            : state.flattened
              ? 'kill switch on: no new entries, and open positions were closed (flatten), until `conclave resume`'
              : 'kill switch on: no new entries (open positions keep their stops) until `conclave resume`',
        );
      } else {
        this.logger.info('kill switch lifted: entries allowed again');
      }
    }
    this.last = state.halted;
    return state;
  }
}
