import type { MessageKey } from '../i18n/translator';

/** What erasing a person's data in one slice did, and what it kept on purpose. */
export interface ErasureReport {
  erased: number;
  /** Locale key explaining what was kept and why (e.g. anonymous poll counts). */
  keptReasonKey?: MessageKey;
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
  export(memberId: string): Promise<unknown>;
  erase(memberId: string): Promise<ErasureReport>;
}

export class PersonalDataRegistry {
  private readonly registered: PersonalDataSource[] = [];

  add(source: PersonalDataSource): void {
    if (this.registered.some((existing) => existing.name === source.name)) {
      throw new Error(`Personal data source "${source.name}" is registered twice`);
    }
    this.registered.push(source);
  }

  sources(): readonly PersonalDataSource[] {
    return this.registered;
  }

  /** Everything stored about a person, section by section. */
  async exportAll(memberId: string): Promise<Array<{ source: PersonalDataSource; data: unknown }>> {
    const sections = [];
    for (const source of this.registered) sections.push({ source, data: await source.export(memberId) });
    return sections;
  }

  /**
   * Erases a person everywhere. Sources run in reverse registration order, so the members slice
   * (registered first) deletes the person's own record last, after the others used its id.
   */
  async eraseAll(memberId: string): Promise<{ erased: number; keptReasonKeys: MessageKey[] }> {
    let erased = 0;
    const keptReasonKeys: MessageKey[] = [];
    for (const source of [...this.registered].reverse()) {
      const report = await source.erase(memberId);
      erased += report.erased;
      if (report.keptReasonKey) keptReasonKeys.push(report.keptReasonKey);
    }
    return { erased, keptReasonKeys };
  }
}
