import { describe, expect, it } from 'vitest';
import { type ConformanceSettings, conformance } from '../src/conformance.js';

const MAIN = { number: 1, title: 'Main' };
const DASH = { number: 2, title: 'Dashboard' };
const settings: ConformanceSettings = { milestones: { main: MAIN, dashboard: DASH }, project: true };
const issue = (over: Partial<Parameters<typeof conformance>[0]> = {}) => ({
  title: 'Fix the runner',
  labels: ['codex', 'codex-trackmain'],
  milestone: MAIN,
  in_project: true,
  ...over,
});

describe('conformance', () => {
  it('finds no gap in a conforming issue', () => {
    expect(conformance(issue(), settings)).toEqual({ track: 'main', gaps: [] });
  });

  it('finds every gap of a bare issue', () => {
    expect(
      conformance(issue({ labels: ['bug'], milestone: null, in_project: false }), settings).gaps,
    ).toEqual(['missing_codex_label', 'missing_track_label', 'missing_milestone', 'not_in_project']);
  });

  it('takes the track from the title and names the other track label and milestone as wrong', () => {
    expect(conformance(issue({ title: 'DASHBOARD tiles' }), settings)).toEqual({
      track: 'dashboard',
      gaps: ['missing_track_label', 'wrong_track_label', 'wrong_milestone'],
    });
  });

  it('leaves a milestone a person chose alone', () => {
    expect(conformance(issue({ milestone: { number: 7, title: 'v2.0' } }), settings).gaps).toEqual([]);
  });

  it('matches milestones by title when the number is not known (supervisor reads titles only)', () => {
    const byTitle: ConformanceSettings = {
      milestones: { main: { title: 'main' }, dashboard: { title: 'dashboard' } },
      project: false,
    };
    expect(conformance(issue(), byTitle).gaps).toEqual([]);
    expect(conformance(issue({ milestone: DASH }), byTitle).gaps).toEqual(['wrong_milestone']);
  });

  it('matches a milestone by its number when known, so one renamed since the settings were read still counts', () => {
    const renamedMain = { number: 1, title: 'Main (old name)' };
    expect(conformance(issue({ milestone: renamedMain }), settings).gaps).toEqual([]);
    expect(
      conformance(
        issue({
          title: 'Dashboard tiles',
          labels: ['codex', 'codex-trackdashboard'],
          milestone: renamedMain,
        }),
        settings,
      ).gaps,
    ).toEqual(['wrong_milestone']);
  });

  it('takes a milestone shared by both tracks as right for either, and any milestone as right when the other track has none', () => {
    const shared: ConformanceSettings = { milestones: { main: MAIN, dashboard: MAIN }, project: false };
    expect(conformance(issue(), shared).gaps).toEqual([]);
    const mainOnly: ConformanceSettings = { milestones: { main: MAIN }, project: false };
    expect(conformance(issue({ milestone: DASH }), mainOnly).gaps).toEqual([]);
    expect(conformance(issue({ milestone: null }), mainOnly).gaps).toEqual(['missing_milestone']);
  });

  it('checks no milestone or project that is not configured, and tells unknown membership apart', () => {
    const none: ConformanceSettings = { milestones: {}, project: false };
    expect(conformance(issue({ milestone: null, in_project: false }), none).gaps).toEqual([]);
    expect(conformance(issue({ in_project: undefined }), settings).gaps).toEqual(['project_unknown']);
  });
});
