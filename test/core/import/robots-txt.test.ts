import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRobotsTxt } from '../../../src/core/import/robots-txt';

const FORUM = `User-agent: *
Disallow: /allPosts?*
Disallow: /graphiql
Disallow: /*?commentId=*
Disallow: /users/*/replies
Crawl-Delay: 3
`;

test("ForumMagnum's robots.txt: the API and posts are open, its listed pages are not, at 3 s a request", () => {
  const rules = parseRobotsTxt(FORUM, 'kindred');
  assert.equal(rules.crawlDelaySeconds, 3);
  assert.ok(rules.allows('/graphql'));
  assert.ok(rules.allows('/posts/abc/a-post'));
  assert.ok(!rules.allows('/graphiql'));
  assert.ok(!rules.allows('/allPosts?sortedBy=new'));
  assert.ok(!rules.allows('/posts/abc/a-post?commentId=xyz'));
  assert.ok(!rules.allows('/users/someone/replies'));
  assert.ok(rules.allows('/users/someone'));
});

test("a group naming Kindred wins over '*', whatever the case or version written", () => {
  const rules = parseRobotsTxt('User-agent: *\nDisallow: /\n\nUser-agent: Kindred/0.1\nDisallow: /private\nCrawl-delay: 5\n', 'kindred');
  assert.ok(rules.allows('/blog/post'));
  assert.ok(!rules.allows('/private/x'));
  assert.equal(rules.crawlDelaySeconds, 5);
});

test('several user-agent lines share one group; a group for another robot is not ours', () => {
  const rules = parseRobotsTxt('User-agent: googlebot\nUser-agent: kindred\nDisallow: /a\n\nUser-agent: bingbot\nDisallow: /\n', 'kindred');
  assert.ok(!rules.allows('/a'));
  assert.ok(rules.allows('/b'));
  const other = parseRobotsTxt('User-agent: bingbot\nDisallow: /\n', 'kindred');
  assert.ok(other.allows('/anything'));
  assert.equal(other.crawlDelaySeconds, null);
});

test('the longest match decides, Allow over Disallow when equally long; $ anchors the end', () => {
  const rules = parseRobotsTxt('User-agent: *\nDisallow: /p\nAllow: /p/open\nDisallow: /*.pdf$\nAllow: /same\nDisallow: /same\n', 'kindred');
  assert.ok(!rules.allows('/p/closed'));
  assert.ok(rules.allows('/p/open/post'));
  assert.ok(!rules.allows('/files/paper.pdf'));
  assert.ok(rules.allows('/files/paper.pdf?download=1'), 'the $ anchors the whole path and query');
  assert.ok(rules.allows('/same'));
});

test('an empty Disallow allows everything; comments, blank lines and stray lines are ignored', () => {
  const rules = parseRobotsTxt('# hello\nDisallow: /before-any-group\nUser-agent: * # everyone\nDisallow:\n\nnonsense line\n', 'kindred');
  assert.ok(rules.allows('/before-any-group'));
  assert.ok(rules.allows('/'));
});

test('percent-encoding is compared in one form', () => {
  const rules = parseRobotsTxt('User-agent: *\nDisallow: /a%7eb\n', 'kindred');
  assert.ok(!rules.allows('/a~b'));
  assert.ok(!rules.allows('/a%7Eb'));
});

test('a Crawl-delay that is not a number is no delay', () => {
  assert.equal(parseRobotsTxt('User-agent: *\nCrawl-delay: soon\n', 'kindred').crawlDelaySeconds, null);
});
