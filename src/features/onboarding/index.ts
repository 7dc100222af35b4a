import { z } from 'zod';
import type { Feature } from '../../bot/feature';
import type { MembersEventData } from '../../bot/router';
import type { Turn } from '../../bot/turn';
import type { AdaptiveCardJson } from '../../cards/render-card';
import { seedOnce } from '../../db/seed-once';
import { AppError } from '../../errors';
import {
  createGroupsRepository,
  ensureAllowed,
  createActorLoader,
  createMembersRepository,
  type MemberRecord,
} from '../../people';
import {
  renderBookletContents,
  renderBookletPage,
  renderBookletSearch,
  renderSectionEditCard,
} from './booklet-cards';
import {
  matchContent,
  renderChooseCard,
  renderStepEditCard,
  sectionFormSchema,
  slugSchema,
  stepChangesFrom,
  stepFormSchema,
} from './content-forms';
import { addDays, calendarDayIn, formatCalendarDay, isCalendarDay } from '../../i18n/calendar';
import { loadNewcomersInProgress, renderFollowUpCard, type FollowUpSort } from './newcomers';
import { renderPathCard, renderStartDateCard } from './path-card';
import { isNewcomer, pathStatus } from './path-progress';
import { noticeMilestones, onboardingGroupSlug, onboardingReferents } from './referent-notices';
import { reminderJobName, sendOverdueReminders } from './reminders';
import { createOnboardingRepository } from './repository';
import { initialSections, initialSteps, meetupStep } from './seed-content';
import { greetInTeam, welcomeHere, welcomeInPrivate } from './welcome';
import { onboardingPermissions } from './permissions';
import { contributeOnboardingToTab } from './tab';

/** The path's step for the newcomers' day (seed-content.ts), ticked by attendance at a JNR event. */
const jnrStepSlug = 'journee-nouveaux-recrutes';

const followUpSorts = ['lateness', 'name', 'startDate'] as const satisfies readonly FollowUpSort[];

export const onboardingFeature: Feature = {
  name: 'onboarding',

  async register({ router, jobs, database, config, clock, outbox, personalData, log, tab }) {
    const [onboarding, members, groups] = await Promise.all([
      createOnboardingRepository(database.connection),
      createMembersRepository(database.connection),
      createGroupsRepository(database.connection),
    ]);
    contributeOnboardingToTab(tab, onboarding, config.timezone);
    const loadActor = createActorLoader(members, config.coordinators);
    const timeZone = config.timezone;
    const today = () => calendarDayIn(clock.now(), timeZone);
    const welcomeDependencies = { onboarding, members, groups, outbox, clock, log };
    const noticeDependencies = { onboarding, members, outbox, log };

    // The path and the booklet are the "Bon accueil, pas d'écueil" group's content: seeded once
    // in every database (production too), then edited by coordinators.
    await seedOnce(database.connection, 'onboarding', async () => {
      const now = clock.now();
      for (const step of initialSteps) await onboarding.seedStep(step, now);
      for (const section of initialSections) await onboarding.seedSection(section, now);
    });
    await seedOnce(database.connection, 'onboarding.meetup-step', () =>
      onboarding.seedStep(meetupStep, clock.now()),
    );

    // A newcomer who met the manager iX paired them with ticks the meetup step (if coordinators kept it).
    router.on('meetup:held', async (held) => {
      if (!(await onboarding.findStep(meetupStep.slug))) return;
      for (const member of await members.findByIds(held.memberIds)) {
        const progress = await onboarding.progressOf(member.id);
        if (isNewcomer(member.profile.startDate, progress.length > 0, today())) {
          await onboarding.markDone(member.id, meetupStep.slug, clock.now());
        }
      }
    });

    // Welcome: the first time the bot meets someone, whichever door they came in by.
    async function welcomeTurnUser(turn: Turn<unknown>) {
      if (turn.conversation.kind !== 'personal' || !turn.user.id || turn.user.id === turn.botId) return;
      const member = await members.findByIdentity({
        aadObjectId: turn.user.aadObjectId,
        teamsUserId: turn.user.id,
      });
      if (member && (await welcomeHere(welcomeDependencies, turn, member))) {
        log.info({ memberId: member.id }, 'newcomer welcomed');
      }
    }

    router.event('personal:installed', welcomeTurnUser);
    router.event('bot:added', welcomeTurnUser);

    // Registered after the members slice, whose own listener has recorded the people already.
    router.event<MembersEventData>('member:added', async (turn) => {
      const added = turn.data.members.filter((person) => person.id && person.id !== turn.botId);
      const people: MemberRecord[] = [];
      for (const person of added) {
        const member = await members.findByIdentity({
          aadObjectId: person.aadObjectId,
          teamsUserId: person.id,
        });
        if (member) people.push(member);
      }
      if (turn.conversation.kind === 'personal') {
        for (const member of people) await welcomeHere(welcomeDependencies, turn, member);
        return;
      }
      const teamId = turn.conversation.teamId;
      if (!teamId) return;
      await greetInTeam(welcomeDependencies, turn, teamId, people);
      for (const member of people) {
        if (await welcomeInPrivate(welcomeDependencies, member)) {
          log.info({ memberId: member.id, teamId }, 'newcomer welcomed in private');
        }
      }
    });

    // The newcomers' day ticks itself for the people the calendar saw attend a JNR.
    router.on('calendar:attended', async (attendance) => {
      if (attendance.kind !== 'jnr' || !(await onboarding.findStep(jnrStepSlug))) return;
      for (const memberId of attendance.memberIds) {
        if (await onboarding.markDone(memberId, jnrStepSlug, attendance.at)) {
          log.info({ memberId, eventId: attendance.eventId }, 'JNR step ticked by attendance');
        }
      }
    });

    // The integration path.
    async function pathCardOf(member: MemberRecord, t: Turn<unknown>['t'], notice = '') {
      const startDate = member.profile.startDate;
      if (!startDate) return renderStartDateCard(t, today());
      const [steps, progress, paused, referents] = await Promise.all([
        onboarding.listSteps(),
        onboarding.progressOf(member.id),
        onboarding.remindersPaused(member.id),
        onboardingReferents(members),
      ]);
      const day = today();
      const status = pathStatus(steps, progress, startDate, day);
      try {
        await noticeMilestones(noticeDependencies, member, status, progress.length > 0, day, clock.now());
      } catch (error) {
        // The newcomer still gets their path; the job retries the notice tomorrow.
        log.error({ err: error, memberId: member.id }, 'referent notices failed');
      }
      return renderPathCard(t, {
        status,
        startDate,
        remindersPaused: paused,
        referentNames: referents.map((referent) => referent.displayName),
        timeZone,
        notice,
      });
    }

    router.command({
      name: 'onboarding.path',
      wordsKey: 'onboarding.path.command',
      descriptionKey: 'onboarding.path.description',
      aliases: ['mon parcours', 'my onboarding'],
      handler: async (turn) => {
        const { member } = await loadActor(turn.user, clock.now());
        await turn.send({ card: await pathCardOf(member, turn.t) });
      },
    });

    router.cardAction({
      verb: 'onboarding.path.show',
      schema: z.object({}).strict(),
      handler: async (turn) => {
        const { member } = await loadActor(turn.user, clock.now());
        await turn.updateCard(await pathCardOf(member, turn.t));
      },
    });

    router.cardAction({
      verb: 'onboarding.startDate.save',
      schema: z.object({ startDate: z.string().trim().max(10, 'onboarding.startDate.invalid') }).strict(),
      handler: async (turn) => {
        const { member } = await loadActor(turn.user, clock.now());
        const startDate = turn.data.startDate;
        if (!isCalendarDay(startDate) || startDate < '1970-01-01' || startDate > addDays(today(), 366)) {
          throw new AppError('INVALID_INPUT', { details: { messageKey: 'onboarding.startDate.invalid' } });
        }
        const updated = await members.updateProfile(member.id, { ...member.profile, startDate });
        if (!updated)
          throw new AppError('NOT_FOUND', { what: { messageKey: 'members.roleAdmin.unknownMember' } });
        const notice = turn.t('onboarding.startDate.saved', {
          date: formatCalendarDay(startDate, turn.locale),
        });
        await turn.updateCard(await pathCardOf(updated, turn.t, notice));
      },
    });

    router.cardAction({
      verb: 'onboarding.step.toggle',
      schema: z.object({ stepSlug: slugSchema, done: z.boolean() }).strict(),
      handler: async (turn) => {
        const { member } = await loadActor(turn.user, clock.now());
        const step = await onboarding.findStep(turn.data.stepSlug);
        if (!step) throw new AppError('NOT_FOUND', { what: { messageKey: 'onboarding.path.unknownStep' } });
        // The button says which state it wants, so a double click or a stale card changes nothing.
        const changed = turn.data.done
          ? await onboarding.markDone(member.id, step.slug, clock.now())
          : await onboarding.markUndone(member.id, step.slug);
        const key = turn.data.done
          ? changed
            ? 'onboarding.path.stepDone'
            : 'onboarding.path.stepAlreadyDone'
          : changed
            ? 'onboarding.path.stepUndone'
            : 'onboarding.path.stepAlreadyUndone';
        await turn.updateCard(await pathCardOf(member, turn.t, turn.t(key, { step: step.title })));
      },
    });

    // Opting out of (and back into) the reminders.
    router.command({
      name: 'onboarding.pause',
      wordsKey: 'onboarding.pause.command',
      descriptionKey: 'onboarding.pause.description',
      handler: async (turn) => {
        const { member } = await loadActor(turn.user, clock.now());
        await onboarding.setRemindersPaused(member.id, true, clock.now());
        await turn.sendText('onboarding.pause.done');
      },
    });

    router.command({
      name: 'onboarding.resume',
      wordsKey: 'onboarding.resume.command',
      descriptionKey: 'onboarding.resume.description',
      handler: async (turn) => {
        const { member } = await loadActor(turn.user, clock.now());
        await onboarding.setRemindersPaused(member.id, false, clock.now());
        await turn.sendText('onboarding.resume.done');
      },
    });

    router.cardAction({
      verb: 'onboarding.reminders.set',
      schema: z.object({ paused: z.boolean() }).strict(),
      handler: async (turn) => {
        const { member } = await loadActor(turn.user, clock.now());
        await onboarding.setRemindersPaused(member.id, turn.data.paused, clock.now());
        const notice = turn.t(turn.data.paused ? 'onboarding.pause.done' : 'onboarding.resume.done');
        await turn.updateCard(await pathCardOf(member, turn.t, notice));
      },
    });

    jobs.add({
      name: reminderJobName,
      schedule: config.schedules.onboardingReminders,
      timezone: timeZone,
      run: async () => {
        await sendOverdueReminders({
          onboarding,
          members,
          outbox,
          clock,
          timeZone,
          log: log.child({ job: reminderJobName }),
        });
      },
    });

    // Follow-up of the newcomers, for the onboarding HR referents and the coordination.
    async function followUpCard(turn: Turn<unknown>, sort: FollowUpSort): Promise<AdaptiveCardJson> {
      ensureAllowed(
        await loadActor(turn.user, clock.now()),
        onboardingPermissions.followNewcomers,
        onboardingGroupSlug,
      );
      return renderFollowUpCard(
        turn.t,
        await loadNewcomersInProgress({ onboarding, members }, today()),
        sort,
      );
    }

    router.command({
      name: 'onboarding.followUp',
      wordsKey: 'onboarding.followUp.command',
      descriptionKey: 'onboarding.followUp.description',
      listed: false,
      handler: async (turn) => {
        await turn.send({ card: await followUpCard(turn, 'lateness') });
      },
    });

    router.cardAction({
      verb: 'onboarding.followUp',
      schema: z.object({ sort: z.enum(followUpSorts) }).strict(),
      handler: async (turn) => {
        await turn.updateCard(await followUpCard(turn, turn.data.sort));
      },
    });

    // Coordinators edit the path. Steps keep their slug, so nobody's ticks are lost.
    async function requireContentEditor(turn: Turn<unknown>) {
      const actor = await loadActor(turn.user, clock.now());
      ensureAllowed(actor, onboardingPermissions.manageOnboardingContent);
      return actor;
    }

    async function chooseStepCard(turn: Turn<unknown>, query: string, notice = '') {
      const steps = await onboarding.listSteps();
      const matches = matchContent(steps, query);
      if (matches.length === 1 && query.trim()) return renderStepEditCard(turn.t, matches[0], notice);
      return renderChooseCard(
        turn.t,
        turn.t('onboarding.stepEdit.choose'),
        'onboarding.step.edit',
        (matches.length > 0 ? matches : steps).map(({ slug, title }) => ({ slug, title })),
        notice,
      );
    }

    router.command({
      name: 'onboarding.step.edit',
      wordsKey: 'onboarding.stepEdit.command',
      descriptionKey: 'onboarding.stepEdit.description',
      listed: false,
      handler: async (turn) => {
        await requireContentEditor(turn);
        await turn.send({ card: await chooseStepCard(turn, turn.text) });
      },
    });

    router.cardAction({
      verb: 'onboarding.step.edit',
      schema: z.object({ slug: slugSchema }).strict(),
      handler: async (turn) => {
        await requireContentEditor(turn);
        const step = await onboarding.findStep(turn.data.slug);
        if (!step) throw new AppError('NOT_FOUND', { what: { messageKey: 'onboarding.path.unknownStep' } });
        await turn.updateCard(renderStepEditCard(turn.t, step));
      },
    });

    router.cardAction({
      verb: 'onboarding.step.save',
      schema: stepFormSchema,
      handler: async (turn) => {
        const actor = await requireContentEditor(turn);
        const step = await onboarding.updateStep(
          turn.data.slug,
          stepChangesFrom(turn.data),
          actor.member.id,
          clock.now(),
        );
        if (!step) throw new AppError('NOT_FOUND', { what: { messageKey: 'onboarding.path.unknownStep' } });
        log.info({ step: step.slug, by: actor.member.id }, 'onboarding step edited');
        await turn.updateCard(
          renderStepEditCard(turn.t, step, turn.t('onboarding.stepEdit.saved', { step: step.title })),
        );
      },
    });

    router.cardAction({
      verb: 'onboarding.step.remove',
      schema: z.object({ slug: slugSchema }).strict(),
      handler: async (turn) => {
        const actor = await requireContentEditor(turn);
        const step = await onboarding.findStep(turn.data.slug);
        if (!step) throw new AppError('NOT_FOUND', { what: { messageKey: 'onboarding.path.unknownStep' } });
        await onboarding.removeStep(step.slug);
        log.info({ step: step.slug, by: actor.member.id }, 'onboarding step removed');
        await turn.updateCard(
          await chooseStepCard(turn, '', turn.t('onboarding.stepEdit.removed', { step: step.title })),
        );
      },
    });

    // The welcome booklet.
    router.command({
      name: 'booklet',
      wordsKey: 'onboarding.booklet.command',
      descriptionKey: 'onboarding.booklet.description',
      aliases: ['livret d accueil', 'welcome booklet'],
      handler: async (turn) => {
        const sections = await onboarding.listSections();
        const query = turn.text.trim();
        if (!query) {
          await turn.send({ card: renderBookletContents(turn.t, sections) });
          return;
        }
        const results = renderBookletSearch(turn.t, sections, query);
        if (results) await turn.send({ card: results });
        else await turn.sendText('onboarding.booklet.noResult', { query: query.slice(0, 80) });
      },
    });

    router.cardAction({
      verb: 'booklet.contents',
      schema: z.object({}).strict(),
      handler: async (turn) => {
        await turn.updateCard(renderBookletContents(turn.t, await onboarding.listSections()));
      },
    });

    router.cardAction({
      verb: 'booklet.section',
      schema: z
        .object({
          slug: z.string().regex(/^[a-z0-9-]{1,60}$/, 'onboarding.booklet.unknownSection'),
          page: z.coerce.number().int().min(0).max(1000).default(0),
        })
        .strict(),
      handler: async (turn) => {
        const sections = await onboarding.listSections();
        await turn.updateCard(renderBookletPage(turn.t, sections, turn.data));
      },
    });

    async function chooseSectionCard(turn: Turn<unknown>, query: string) {
      const sections = await onboarding.listSections();
      const matches = matchContent(sections, query);
      if (matches.length === 1 && query.trim()) return renderSectionEditCard(turn.t, matches[0]);
      return renderChooseCard(
        turn.t,
        turn.t('onboarding.bookletEdit.choose'),
        'booklet.section.edit',
        (matches.length > 0 ? matches : sections).map(({ slug, title }) => ({ slug, title })),
      );
    }

    router.command({
      name: 'booklet.edit',
      wordsKey: 'onboarding.bookletEdit.command',
      descriptionKey: 'onboarding.bookletEdit.description',
      listed: false,
      handler: async (turn) => {
        await requireContentEditor(turn);
        await turn.send({ card: await chooseSectionCard(turn, turn.text) });
      },
    });

    router.cardAction({
      verb: 'booklet.section.edit',
      schema: z.object({ slug: slugSchema }).strict(),
      handler: async (turn) => {
        await requireContentEditor(turn);
        const section = await onboarding.findSection(turn.data.slug);
        if (!section)
          throw new AppError('NOT_FOUND', { what: { messageKey: 'onboarding.booklet.unknownSection' } });
        await turn.updateCard(renderSectionEditCard(turn.t, section));
      },
    });

    router.cardAction({
      verb: 'booklet.section.save',
      schema: sectionFormSchema,
      handler: async (turn) => {
        const actor = await requireContentEditor(turn);
        const section = await onboarding.updateSection(
          turn.data.slug,
          { title: turn.data.title, body: turn.data.body },
          actor.member.id,
          clock.now(),
        );
        if (!section)
          throw new AppError('NOT_FOUND', { what: { messageKey: 'onboarding.booklet.unknownSection' } });
        log.info({ section: section.slug, by: actor.member.id }, 'booklet section edited');
        const notice = turn.t('onboarding.bookletEdit.saved', { section: section.title });
        await turn.updateCard(
          renderBookletPage(turn.t, await onboarding.listSections(), { slug: section.slug, page: 0 }, notice),
        );
      },
    });

    // Privacy: ticks, reminders, welcome and greetings, referent notices and the pause choice.
    personalData.add({
      name: 'onboarding',
      titleKey: 'onboarding.privacySection',
      export: async (memberId) => onboarding.exportMember(memberId),
      erase: async (memberId) => ({ erased: await onboarding.eraseMember(memberId) }),
    });
  },
};
