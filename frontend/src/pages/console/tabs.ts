// The console's tabs, in the order they are shown: a new tab is a new file
// (a component taking the contest and the rest of the path) and one line here,
// with its label under console.tabs.<id> in the translations.

import type { ComponentType } from 'react';
import type { Contest } from '../../api/model';
import { AuditTab } from './AuditTab';
import { CertificatesTab } from './CertificatesTab';
import { ExportsTab } from './ExportsTab';
import { LiveTab } from './LiveTab';
import { FinalTab } from './FinalTab';
import { MembersTab } from './MembersTab';
import { ResultsTab } from './ResultsTab';
import { RetentionTab } from './RetentionTab';
import { RoundsTab } from './RoundsTab';
import { SettingsTab } from './SettingsTab';
import { TeamsTab } from './TeamsTab';

/** What a tab is given: its contest, and the path after the tab's name ('' when none). */
export interface TabProps {
  c: Contest;
  sub: string;
}

/** One tab of the console: its path segment (and label key) and its component. */
export interface ConsoleTab {
  id: string;
  Component: ComponentType<TabProps>;
  /** A track lead opens it too (the server limits it to their tracks). */
  lead?: boolean;
}

/** Every tab of the console. */
export const TABS: ConsoleTab[] = [
  { id: 'settings', Component: SettingsTab },
  { id: 'members', Component: MembersTab },
  { id: 'teams', Component: TeamsTab, lead: true },
  { id: 'rounds', Component: RoundsTab, lead: true },
  { id: 'live', Component: LiveTab },
  { id: 'results', Component: ResultsTab },
  { id: 'final', Component: FinalTab },
  { id: 'certificates', Component: CertificatesTab },
  { id: 'exports', Component: ExportsTab, lead: true },
  { id: 'audit', Component: AuditTab },
  { id: 'retention', Component: RetentionTab },
];

/** The tab a console path opens when it names none (or an unknown one). */
export const DEFAULT_TAB = 'rounds';
