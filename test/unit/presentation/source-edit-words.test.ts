import {describe, expect, it} from 'vitest';
import type {PlacedChange} from '../../../source/core/source-edit/edit-types.js';
import {
	describeFieldChange,
	keepCommitMessage,
	promoteCommitMessage,
	setImageCommitMessage,
} from '../../../source/presentation/source-edit-words.js';

const web = {group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'web'};
const image: PlacedChange = {
	change: {object: web, path: '/spec/template/spec/containers/0/image', from: 'nginx:1.27', to: 'nginx:1.28'},
	file: 'helm/web/values-prod.yaml',
	via: 'value image.tag',
};
const replicas: PlacedChange = {
	change: {object: web, path: '/spec/replicas', from: 2, to: 8},
	file: 'app/deployment.yaml',
	via: 'in place',
};

describe('source edits in words', () => {
	it('names the object, the field and both values', () => {
		expect(describeFieldChange(image)).toBe('Deployment/prod/web spec.template.spec.containers[0].image: nginx:1.27 → nginx:1.28');
		expect(describeFieldChange({...replicas, change: {...replicas.change, from: undefined}})).toBe(
			'Deployment/prod/web spec.replicas: (absent) → 8',
		);
	});

	it('set-image: the images in the subject, each field and file in the body', () => {
		expect(setImageCommitMessage([{container: 'web', image: 'nginx:1.28'}], [image])).toBe(
			[
				'Set image web=nginx:1.28 in Deployment/web',
				'',
				'- Deployment/prod/web spec.template.spec.containers[0].image: nginx:1.27 → nginx:1.28',
				'  in helm/web/values-prod.yaml (value image.tag)',
				'',
				'Made with driftwatch set-image.',
			].join('\n'),
		);
	});

	it('promote: both environments, the images and the copied values', () => {
		expect(promoteCommitMessage('dev', 'prod', [image], [{key: 'replicaCount', value: 3, file: 'helm/web/values-prod.yaml'}])).toBe(
			[
				'Promote dev to prod: nginx:1.28, replicaCount',
				'',
				'- Deployment/prod/web spec.template.spec.containers[0].image: nginx:1.27 → nginx:1.28',
				'  in helm/web/values-prod.yaml (value image.tag)',
				'- value replicaCount: 3, in helm/web/values-prod.yaml',
				'',
				'Made with driftwatch promote --from dev --to prod.',
			].join('\n'),
		);
	});

	it('keep: the fields, the object, and who changed them live', () => {
		expect(
			keepCommitMessage(
				web,
				[replicas],
				[{path: '/spec/replicas', manager: 'kubectl', operation: 'Update', subresource: 'scale', time: '2026-12-01T10:00:00Z'}],
			),
		).toBe(
			[
				'Keep live spec.replicas of Deployment/web (changed live by kubectl)',
				'',
				'- Deployment/prod/web spec.replicas: 2 → 8',
				'  in app/deployment.yaml (in place)',
				'',
				'Changed live:',
				'- spec.replicas changed by kubectl (Update, scale) at 2026-12-01T10:00:00Z',
				'',
				'Made with driftwatch keep.',
			].join('\n'),
		);
	});
});
