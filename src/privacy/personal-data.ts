import type { MessageKey } from '../i18n/translator';

/** What erasing a person's data in one slice did, and what it kept on purpose. */
export interface ErasureReport {
  erased: number;
  /** Locale key explaining what was kept and why (e.g. anonymous poll counts). */
  keptReasonKey?: MessageKey;
}

/** Whose data is exported or erased: the member id, and the ids Teams knows them by (stored cards carry those). */
export interface DataSubject {
  memberId: string;
  teamsUserId?: string;
  aadObjectId?: string;
}

/**
 * What replaces a member id kept for the record (who approved an item, granted a role, subscribed
 * a channel, saved a version) once that member erased their data: the fact stays, the person goes.
 */
export const erasedMemberTombstone = 'erased-member';

/**
 * A copy of a stored JSON tree (a rendered card, a conversation reference) without the given value
 * in any array (e.g. a Teams user id in a card's `refresh.userIds`); undefined when it was absent.
 */
export function withoutValue(node: unknown, value: string): unknown {
  let changed = false;
  const visit = (current: unknown): unknown => {
    if (Array.isArray(current)) {
      const kept = current.filter((entry) => entry !== value);
      if (kept.length !== current.length) changed = true;
      return kept.map(visit);
    }
    if (current && typeof current === 'object' && !(current instanceof Date)) {
      return Object.fromEntries(Object.entries(current).map(([key, entry]) => [key, visit(entry)]));
    }
    return current;
  };
  const result = visit(node);
  return changed ? result : undefined;
}

/**
 * A slice that stores data about people declares it here, so "mes données" exports it all and
 * "supprimer mes données" erases it all (GDPR rights of access and erasure), without a central
 * list that forgets the next feature.
 */
export interface PersonalDataSource {
  /** Section name in the export file, e.g. `groups`. */
  name: string;
  /** Locale key of the section's heading on the export card. */
  titleKey: MessageKey;
  export(memberId: string, person?: DataSubject): Promise<unknown>;
  /** `person` carries the Teams ids, for slices that store cards or references naming them. */
  erase(memberId: string, person?: DataSubject): Promise<ErasureReport>;
}

export class PersonalDataRegistry {
  private readonly registered: PersonalDataSource[] = [];

  add(source: PersonalDataSource): void {
    if (this.registered.some((existing) => existing.name === source.name)) {
      throw new Error(`Personal data source "${source.name}" is registered twice`);
    }
    this.registered.push(source);
  }

  /** Everything stored about a person, section by section. */
  async exportAll(person: DataSubject): Promise<Array<{ source: PersonalDataSource; data: unknown }>> {
    const sections = [];
    for (const source of this.registered) {
      sections.push({ source, data: await source.export(person.memberId, person) });
    }
    return sections;
  }

  /**
   * Erases a person everywhere. Sources run in reverse registration order, so the members slice
   * (registered first) deletes the person's own record last, after the others used its id.
   */
  async eraseAll(person: DataSubject): Promise<{ erased: number; keptReasonKeys: MessageKey[] }> {
    let erased = 0;
    const keptReasonKeys: MessageKey[] = [];
    for (const source of [...this.registered].reverse()) {
      const report = await source.erase(person.memberId, person);
      erased += report.erased;
      if (report.keptReasonKey) keptReasonKeys.push(report.keptReasonKey);
    }
    return { erased, keptReasonKeys };
  }
}
