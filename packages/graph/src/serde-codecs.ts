import { registerSerdeCodec } from "@weft/checkpoint";
import { Command, type CommandParams, isCommand } from "./command.ts";
import "./messages/serde.ts";
import { isSend, Send } from "./send.ts";

// Pending `Send`s and resume `Command`s are saved in checkpoints; these codecs
// let the serializer rebuild them. Decoding only ever creates these two classes.
registerSerdeCodec<Send>({
  tag: "weft.send",
  test: isSend,
  encode: (send) => ({ node: send.node, args: send.args }),
  decode: (data) => {
    const { node, args } = data as { node: string; args: unknown };
    return new Send(node, args);
  },
});

registerSerdeCodec<Command>({
  tag: "weft.command",
  test: isCommand,
  encode: (command) => ({
    update: command.update,
    goto: command.goto,
    resume: command.resume,
    graph: command.graph,
  }),
  decode: (data) => new Command(data as CommandParams),
});
