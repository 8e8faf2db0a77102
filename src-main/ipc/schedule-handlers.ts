// The schedule calls of the handler table: how often, with or without media, how many to keep, and
// the failures that make the app show its notice.
import { NOTICE_AFTER_FAILURES } from '../backup/schedule.ts';
import type { AppContext } from '../services/app-context.ts';
import { readSettings, updateSettings, type ProfileSettings } from '../services/profile-settings.ts';
import type { Handlers } from './dispatch.ts';

function statusOf(settings: ProfileSettings) {
  const failures = settings.backupFailures;
  return { schedule: settings.schedule, failures, notice: (failures?.count ?? 0) >= NOTICE_AFTER_FAILURES };
}

export function createScheduleHandlers(
  context: AppContext,
  onChange: () => void = () => undefined,
): Pick<Handlers, 'getBackupSchedule' | 'setBackupSchedule'> {
  return {
    getBackupSchedule: () => Promise.resolve(statusOf(readSettings(context.paths))),
    setBackupSchedule: (schedule) => {
      const settings = updateSettings(context.paths, (current) => ({ ...current, schedule }));
      onChange();
      return Promise.resolve(statusOf(settings));
    },
  };
}
